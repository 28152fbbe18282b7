# Every example of every cmdlet's Get-Help runs against the emulator (issue 12, "Ship it"), so examples never rot.
# The examples are read from the built help, so an example added later (another cmdlet, another branch) runs too.
# Each runs in a fresh runspace with the built module, in a working folder holding the files examples name, with the
# AWS environment a runbook has (AWS_* variables, a credentials file with every profile an example names) pointing at
# the emulator on the demo organization. Every cmdlet that changes something runs with -WhatIf; an example passes when
# it ends without an error record or a terminating error.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $script:Examples = foreach ($name in @((Get-Command -Module IamKeyHygiene -CommandType Cmdlet).Name | Sort-Object)) {
        $number = 0
        foreach ($example in @((Get-Help $name -Full).examples.example)) {
            $number++
            @{ Cmdlet = $name; Number = $number; Title = ("$($example.title)" -replace '^-+\s*Example \d+:\s*|\s*-+$', ''); Code = "$($example.code)" }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HelpExampleSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $root = Split-Path (Split-Path $PSScriptRoot)
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "ikh-help-examples-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $Work

    # The demo organization, plus what the examples' world has that the demo leaves out on purpose: every account
    # reachable through both roles the examples name (the demo has one account without its audit role), the users and
    # keys Restore-AccessKey's examples name, and the notice services (Slack, SNS, SES SMTP credentials in SSM).
    $scenario = Get-Content -Raw (Join-Path $root 'samples/emulator/demo-org.json') | ConvertFrom-Json -AsHashtable
    foreach ($account in $scenario.accounts) {
        $account.roles = @(@{ name = 'KeyHygieneAudit' }, @{ name = 'KeyHygieneAdmin' })
    }
    $security = $scenario.accounts | Where-Object { $_.id -eq '222222222222' }
    $security.roles += @{ name = 'KeyHygieneSecrets' }
    $disabledAt = [DateTime]::UtcNow.AddDays(-3).ToString('yyyy-MM-ddTHH:mm:ssZ')
    $security.users += @(
        @{ name = 'build-bot'; path = '/service/'; tags = @{ 'keyhygiene:AKIAIOSFODNN7BUILDBT' = "disabled=$disabledAt" }
            keys = @(@{ accessKeyId = 'AKIAIOSFODNN7BUILDBT'; status = 'Inactive'; ageDays = 120; lastUsedDaysAgo = 100 }) }
        @{ name = 'alice'; path = '/'
            keys = @(@{ accessKeyId = 'AKIAI44QH8DHBEXAMPLE'; status = 'Inactive'; ageDays = 40; lastUsedDaysAgo = 20 }) }
    )
    # The reader of the examples: alice in the management account, with an MFA device; every profile holds her key.
    $script:Reader = @{ AccessKeyId = 'AKIADEMOREADERALICE1'; SecretAccessKey = "reader-$([guid]::NewGuid().ToString('n'))" }
    ($scenario.accounts | Where-Object { $_.id -eq $scenario.managementAccountId }).users += @{
        name = 'alice'; path = '/'; mfa = @{ serialNumber = 'arn:aws:iam::111111111111:mfa/alice'; tokenCode = '123456' }
        keys = @(@{ accessKeyId = $Reader.AccessKeyId; secretAccessKey = $Reader.SecretAccessKey; status = 'Active'; ageDays = 30; lastUsedDaysAgo = 0.5 })
    }
    $script:SlackToken = "xoxb-1-2-$([guid]::NewGuid().ToString('n'))"
    $scenario.slack = @{ botToken = $SlackToken; members = @(); channels = @(@{ id = 'C0IAMKEYS1'; name = 'iam-key-hygiene' }) }
    $scenario.ssm = @{ parameters = @(
            @{ name = '/keyhygiene/ses-user'; type = 'SecureString'; value = 'AKIASMTPUSER00000001'; region = 'us-east-1' }
            @{ name = '/keyhygiene/ses-password'; type = 'SecureString'; value = "smtp-$([guid]::NewGuid().ToString('n'))"; region = 'us-east-1' }
        ) }
    $scenarioPath = Join-Path $Work 'scenario.json'
    $scenario | ConvertTo-Json -Depth 40 | Set-Content -LiteralPath $scenarioPath -Encoding utf8
    $script:Emulator = Start-Emulator -Scenario $scenarioPath
    # The S3 bucket the examples keep records and shard findings in, made by the AWS CLI as an admin would.
    $env:AWS_ACCESS_KEY_ID, $env:AWS_SECRET_ACCESS_KEY = $Emulator.AccessKeyId, $Emulator.SecretAccessKey
    try {
        $made = & aws --endpoint-url $Emulator.Url --region us-east-1 s3api create-bucket --bucket key-hygiene-records 2>&1
        if ($LASTEXITCODE -ne 0) { throw "create-bucket failed: $made" }
    }
    finally { Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue }

    $script:Folder = Join-Path $Work 'run'
    $null = New-Item -ItemType Directory -Path $Folder
    New-ExampleWorkFolder -Path $Folder -Root $root -Emulator $Emulator -ProfileKey $Reader -ExampleCode @($Examples.Code)
    $script:Environment = Get-ExampleEnvironment -Path $Folder -Emulator $Emulator
    $script:SavedEnvironment = Set-ProcessEnvironment $Environment
}

AfterAll {
    if ($SavedEnvironment) { $null = Set-ProcessEnvironment $SavedEnvironment }
    if ($Emulator) { Stop-Emulator $Emulator }
    if ($Work) { Remove-Item $Work -Recurse -Force -ErrorAction Ignore }
}

Describe 'Help example <Cmdlet> #<Number>: <Title>' -ForEach $Examples {
    It 'runs against the emulator without an error' {
        $run = Invoke-HelpExample -Code $Code -Folder $Folder -Environment $Environment -Emulator $Emulator -SlackToken $SlackToken
        $run.Errors | Should -BeNullOrEmpty -Because "the example`n$Code`nwrote:`n$($run.Output)"
    }
}
