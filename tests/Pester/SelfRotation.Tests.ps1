# Invoke-AccessKeyRotation -Self with the built module against the emulator: a temp credentials file with comments and
# two other profiles; after rotation the file holds the new key, the rest is intact, the backup is owner-only, the old
# key is Inactive and tagged in the emulator; the new secret appears in no stream (raw, Base64 or URL-encoded).

BeforeDiscovery {
    $script:emulatorMissing = -not (Test-Path (Join-Path $PSScriptRoot '../Emulator.psm1'))
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:account = '111122223333'
    $script:samKey = 'AKIASAMOLDKEY0000001'
    $script:samSecret = 'sam/old/secret/000000000000000000000000001'
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "ikh-self-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $folder | Out-Null
    $script:scenario = Join-Path $folder 'scenario.json'
    @{
        managementAccountId = $account
        admin               = @{ accessKeyId = 'AKIASELFROTATIONADM1'; secretAccessKey = 'self/rotation/admin/secret/0000000000000001' }
        accounts            = @(@{ id = $account; name = 'self'; users = @(
                    @{ name = 'sam'; keys = @(@{ accessKeyId = $samKey; secretAccessKey = $samSecret; ageDays = 95 }) }) })
    } | ConvertTo-Json -Depth 8 | Set-Content -Path $scenario -Encoding utf8
    $script:fileText = @(
        '# keys for the emulator'
        '[default]'
        'aws_access_key_id = AKIADEFAULTKEY000001'
        'aws_secret_access_key = default/secret/should/stay'
        ''
        "; sam's own key"
        '[sam]'
        'region = us-east-1'
        "aws_access_key_id = $samKey"
        "aws_secret_access_key = $samSecret"
        ''
        '[other]'
        'aws_access_key_id = AKIAOTHERKEY00000001'
        'aws_secret_access_key = other/secret/should/stay'
        ''
    ) -join "`n"

    $script:rotateScript = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
Import-Module $p.ModuleManifest
$extra = @{}
if ($p.WhatIf) { $extra.WhatIf = $true } else { $extra.Force = $true; $extra.PassThru = $true }
$all = Invoke-AccessKeyRotation -Self -ProfileName sam -ProfileLocation $p.Credentials -Region us-east-1 -EndpointUrl $p.Endpoint -Verbose -Debug @extra *>&1
$result = $all | Where-Object { $_ -is [IamKeyHygiene.KeyActionResult] }
$secure = @($all | Where-Object { $_ -is [securestring] })
$text = ($all | ForEach-Object { "$_"; ($_ | Format-List * | Out-String); if ($_ -isnot [securestring]) { $_ | ConvertTo-Json -Depth 4 -WarningAction Ignore } }) -join "`n"
[ordered]@{
    Outcome = $result.Outcome; Action = $result.Action; AccessKeyId = $result.AccessKeyId; NewAccessKeyId = $result.NewAccessKeyId
    SecureStrings = $secure.Count
    SecureLength = if ($secure.Count) { $secure[0].Length } else { 0 }
    Verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count
    Streams = $text
} | ConvertTo-Json -Compress -Depth 4
'@

    function Invoke-Rotation([switch] $WhatIf) {
        $run = Invoke-FreshPwsh -Script $rotateScript -Parameters @{
            ModuleManifest = Get-BuiltModuleManifest; Endpoint = $emulator.Url; Credentials = $credentials; WhatIf = [bool]$WhatIf }
        if (-not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
        $run.Result
    }

    function Get-ProfileValue([string] $Profile, [string] $Name) {
        $inside = $false
        foreach ($line in Get-Content $credentials) {
            $t = $line.Trim()
            if ($t.StartsWith('[')) { $inside = $t -eq "[$Profile]"; continue }
            if ($inside -and $t -match "^$Name\s*=\s*(.*)$") { return $Matches[1] }
        }
    }
}

AfterAll {
    if ($script:emulator) { $script:emulator.Stop() }
    Remove-Item $script:folder -Recurse -Force -ErrorAction Ignore
}

Describe 'Invoke-AccessKeyRotation -Self against the emulator' -Skip:$emulatorMissing {
    BeforeEach {
        Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
        if ($script:emulator) { $script:emulator.Stop() }
        $script:emulator = Start-Emulator -Scenario $scenario
        $script:credentials = Join-Path $folder 'credentials'
        Get-ChildItem $folder -Filter 'credentials*' | Remove-Item -Force
        Set-Content -Path $credentials -Value $fileText -NoNewline -Encoding utf8NoBOM
    }

    It 'writes the new key into the profile, keeps the rest, backs up owner-only and deactivates and tags the old key' {
        $result = Invoke-Rotation

        $result.Outcome | Should -Be 'Done'
        $result.Action | Should -Be 'Rotate'
        $result.AccessKeyId | Should -Be $samKey
        $result.SecureStrings | Should -Be 1
        $newKey = $result.NewAccessKeyId
        $newKey | Should -Match '^AKIA'

        $newSecret = Get-ProfileValue sam aws_secret_access_key
        Get-ProfileValue sam aws_access_key_id | Should -Be $newKey
        $result.SecureLength | Should -Be $newSecret.Length
        $expected = $fileText.Replace("aws_access_key_id = $samKey", "aws_access_key_id = $newKey").Replace("aws_secret_access_key = $samSecret", "aws_secret_access_key = $newSecret")
        Get-Content $credentials -Raw | Should -BeExactly $expected

        $backup = @(Get-ChildItem $folder -Filter 'credentials.bak-*')
        $backup.Count | Should -Be 1
        Get-Content $backup[0].FullName -Raw | Should -BeExactly $fileText
        if (-not $IsWindows) {
            $backup[0].UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
            (Get-Item $credentials).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
        }

        $sam = (Invoke-EmulatorControl -Emulator $emulator -Path "state?account=$account").users | Where-Object name -EQ 'sam'
        ($sam.keys | Where-Object accessKeyId -EQ $samKey).status | Should -Be 'Inactive'
        ($sam.keys | Where-Object accessKeyId -EQ $newKey).status | Should -Be 'Active'
        $sam.tags."keyhygiene:$samKey" | Should -Match "^rotating-to=$newKey since=\S+ run=\S+ disabled=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"

        # No stream (-Verbose, -Debug, output, its JSON and list views) holds a secret in any encoding.
        $result.Verbose | Should -BeGreaterThan 0
        foreach ($secret in $newSecret, $samSecret) {
            foreach ($form in $secret, [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($secret)), [uri]::EscapeDataString($secret)) {
                $result.Streams.Contains($form) | Should -BeFalse -Because 'a secret must never reach a stream'
            }
        }
    }

    It '-WhatIf changes nothing' {
        $result = Invoke-Rotation -WhatIf

        $result.Outcome | Should -Be 'WhatIf'
        $result.SecureStrings | Should -Be 0
        Get-Content $credentials -Raw | Should -BeExactly $fileText
        @(Get-ChildItem $folder -Filter 'credentials.bak-*').Count | Should -Be 0
        $sam = (Invoke-EmulatorControl -Emulator $emulator -Path "state?account=$account").users | Where-Object name -EQ 'sam'
        @($sam.keys).Count | Should -Be 1
        $sam.keys[0].status | Should -Be 'Active'
    }

    It 'refuses a clock offset against an endpoint off loopback (ClockOffsetInEffect) before any change' {
        # Unresolvable endpoint: any AWS call would fail otherwise, so the refusal proves none was made.
        Import-Module (Get-BuiltModuleManifest) -Force
        $env:IAMKEYHYGIENE_CLOCK_OFFSET = '1'
        try {
            { Invoke-AccessKeyRotation -Self -ProfileName sam -ProfileLocation $credentials -Region us-east-1 -EndpointUrl 'https://iam.example.invalid' -Force } |
                Should -Throw -ErrorId 'ClockOffsetInEffect,*'
        }
        finally { Remove-Item Env:IAMKEYHYGIENE_CLOCK_OFFSET }
        Get-Content $credentials -Raw | Should -BeExactly $fileText
        @(Get-ChildItem $folder -Filter 'credentials.bak-*').Count | Should -Be 0
    }
}
