# The Gallery rehearsal (issue 12, "Ship it"): the built module is published with Publish-PSResource to a local file
# repository (the .nupkg build.ps1 -Task Package makes, from the same folder), then a clean pwsh, whose home, data,
# config and module folders are empty folders, registers that repository, installs the module with
# Install-PSResource, imports it by name and finds help with examples for every exported cmdlet. No network: the
# only repository used is the local folder; each pwsh registers it in its own empty home.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "ikh-package-$([guid]::NewGuid().ToString('n'))"
    $script:Repository = Join-Path $Work 'repository'
    $null = New-Item -ItemType Directory -Path $Repository

    # A pwsh that knows nothing of this machine's user: home, data, config, cache and module path are empty folders.
    function script:Get-CleanHomeEnvironment([string] $Name) {
        $cleanHome = Join-Path $Work $Name
        $folders = @{
            HOME            = $cleanHome
            XDG_DATA_HOME   = Join-Path $cleanHome '.local/share'
            XDG_CONFIG_HOME = Join-Path $cleanHome '.config'
            XDG_CACHE_HOME  = Join-Path $cleanHome '.cache'
            PSModulePath    = Join-Path $cleanHome 'modules'
        }
        # They must exist: .NET gives an empty local data folder for one that does not, and PSResourceGet would then
        # keep its repository list in the current folder.
        foreach ($folder in $folders.Values) { $null = New-Item -ItemType Directory -Force -Path $folder }
        $folders + @{
            # Plain text: what the child prints may end up in a test report, where escape characters are not allowed.
            NO_COLOR = '1'
        }
    }

    $publish = Invoke-FreshPwsh -Environment (Get-CleanHomeEnvironment 'publisher') -Parameters @{ Repository = $Repository; Module = (Get-BuiltModuleFolder) } -Script @'
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Set-Location $env:HOME
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
Register-PSResourceRepository -Name Local -Uri $p.Repository -Trusted
Publish-PSResource -Path $p.Module -Repository Local -SkipDependenciesCheck
@{ Repositories = @((Get-PSResourceRepository).Name) } | ConvertTo-Json -Compress
'@
    $script:Published = $publish

    $script:Install = Invoke-FreshPwsh -TimeoutSeconds 300 -Environment (Get-CleanHomeEnvironment 'installer') -Parameters @{ Repository = $Repository } -Script @'
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Set-Location $env:HOME
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
$before = @(Get-Module -ListAvailable IamKeyHygiene).Count
Register-PSResourceRepository -Name Local -Uri $p.Repository -Trusted
Install-PSResource -Name IamKeyHygiene -Repository Local -Scope CurrentUser -TrustRepository
Import-Module IamKeyHygiene
$module = Get-Module IamKeyHygiene
$usage = Get-StaleAccessKey -? | Out-String -Width 200
$cmdlets = foreach ($name in @($module.ExportedCmdlets.Keys | Sort-Object)) {
    $help = Get-Help $name -Full
    @{
        Name       = $name
        Synopsis   = "$($help.Synopsis)"
        Examples   = @(@($help.examples.example) | Where-Object { $_ -and "$($_.code)".Trim() }).Count
        Parameters = @($help.parameters.parameter).Count
    }
}
@{
    Before     = $before
    Path       = $module.ModuleBase
    Version    = "$($module.Version)"
    Usage      = $usage
    Cmdlets    = @($cmdlets)
    About      = (Get-Help about_IamKeyHygiene | Out-String)
    Repository = @(Get-PSResourceRepository | ForEach-Object { "$($_.Name) $($_.Uri)" })
} | ConvertTo-Json -Compress -Depth 5
'@
    $script:Manifest = Import-PowerShellDataFile (Get-BuiltModuleManifest)
}

AfterAll {
    if ($Work) { Remove-Item $Work -Recurse -Force -ErrorAction Ignore }
}

Describe 'The packaged module' {
    It 'is published by Publish-PSResource as one .nupkg in the local repository' {
        $Published.ExitCode | Should -Be 0 -Because "$($Published.StdOut)$($Published.StdErr)"
        @(Get-ChildItem $Repository -Filter '*.nupkg').Name | Should -Be @("IamKeyHygiene.$($Manifest.ModuleVersion).nupkg")
    }

    It 'carries the Gallery metadata of the manifest in its .nuspec' {
        $zip = [IO.Compression.ZipFile]::OpenRead((Get-ChildItem $Repository -Filter '*.nupkg').FullName)
        try {
            $reader = [IO.StreamReader]::new($zip.GetEntry('IamKeyHygiene.nuspec').Open())
            $nuspec = ([xml]$reader.ReadToEnd()).package.metadata
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $nuspec.description | Should -Be $Manifest.Description
        $nuspec.projectUrl | Should -Be $Manifest.PrivateData.PSData.ProjectUri
        $nuspec.licenseUrl | Should -Be $Manifest.PrivateData.PSData.LicenseUri
        $nuspec.releaseNotes | Should -Be $Manifest.PrivateData.PSData.ReleaseNotes
        foreach ($tag in $Manifest.PrivateData.PSData.Tags) { ($nuspec.tags -split ' ') | Should -Contain $tag }
    }

    It 'installs with Install-PSResource into a clean home that had no copy of it, and imports by name from there' {
        $Install.ExitCode | Should -Be 0 -Because "$($Install.StdOut)$($Install.StdErr)"
        $Install.Result.Before | Should -Be 0
        $Install.Result.Path | Should -BeLike "$(Join-Path $Work 'installer')*"
        $Install.Result.Version | Should -Be $Manifest.ModuleVersion
    }

    It 'answers Get-StaleAccessKey -? with its synopsis and syntax' {
        $Install.Result.Usage | Should -Match 'SYNOPSIS'
        $Install.Result.Usage | Should -Match 'Get-StaleAccessKey \['
        $Install.Result.Usage | Should -Match ([regex]::Escape((Get-Help Get-StaleAccessKey).Synopsis.Substring(0, 40)))
    }

    It 'has help with a synopsis, parameters and at least two examples for every exported cmdlet, and the about topic' {
        @($Install.Result.Cmdlets.Name) | Should -Be @($Manifest.CmdletsToExport | Sort-Object)
        foreach ($cmdlet in $Install.Result.Cmdlets) {
            $cmdlet.Synopsis | Should -Not -Match '^\s*\S+\s*\[' -Because "$($cmdlet.Name)'s synopsis is not its syntax (help found)"
            $cmdlet.Examples | Should -BeGreaterOrEqual 2 -Because $cmdlet.Name
            $cmdlet.Parameters | Should -BeGreaterThan 0 -Because $cmdlet.Name
        }
        $Install.Result.About | Should -Match 'TOPIC\s+about_IamKeyHygiene\s'
    }
}
