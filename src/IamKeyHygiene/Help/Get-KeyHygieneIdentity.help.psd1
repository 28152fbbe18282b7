@{
    Synopsis    = 'Shows which AWS identity the module would act as, and where its credentials, region and endpoint came from.'
    Links       = @(
        'Get-OrganizationAccount'
        'Get-StaleAccessKey'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS STS: GetCallerIdentity'; Uri = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html' }
        @{ Text = 'AWS Tools for PowerShell: specifying credentials'; Uri = 'https://docs.aws.amazon.com/powershell/latest/userguide/specifying-your-aws-credentials.html' }
    )
    Description = @'
Get-KeyHygieneIdentity resolves credentials and region exactly as every other IamKeyHygiene cmdlet does (in the order AWS Tools for PowerShell uses), calls STS GetCallerIdentity and returns one KeyHygieneIdentity object: the account, the caller's ARN and unique id, the region, the source of the credentials (parameter, credential object, profile NAME, stored session credentials, environment, container, instance) and of the region, and the STS endpoint that answered.

Run it first in a new runbook or session: it proves that the credentials work, without changing anything. -Verbose and -Debug show how the credentials and region were found; the secret access key is never shown.

A profile that does not exist, or no credentials at all, is a terminating error with the id AwsConfiguration. Credentials STS rejects (InvalidClientTokenId for a disabled key, SignatureDoesNotMatch for a wrong secret, an expired session token) are a terminating error with the id CredentialsRejected; any other STS error is a terminating AwsServiceError, and an endpoint that cannot be reached AwsConnectionFailed. See about_IamKeyHygiene_Errors.
'@
    Parameters  = @{}
    Examples    = @(
        @{
            Title   = 'Check the credentials of a profile'
            Code    = 'Get-KeyHygieneIdentity -ProfileName security-audit'
            Remarks = 'Resolves the security-audit profile from the shared credentials and config files and shows the account and ARN it belongs to, with CredentialSource "profile security-audit".'
        }
        @{
            Title   = 'Check the identity a runbook inherits from its environment'
            Code    = @'
$env:AWS_REGION = 'eu-west-1'
Get-KeyHygieneIdentity -Verbose | Format-List
'@
            Remarks = 'With no credential parameter the module falls back to $StoredAWSCredentials, the AWS_* environment variables, the default profile, container and instance credentials, in that order. -Verbose says which source was used.'
        }
        @{
            Title   = 'Point the module at a local emulator'
            Code    = 'Get-KeyHygieneIdentity -AccessKey AKIADEMOADMIN0000001 -SecretKey demo-admin-secret-not-real-0000000000000 -Region us-east-1 -EndpointUrl http://127.0.0.1:5000'
            Remarks = 'Literal keys and an endpoint override, as the tests and the demo use them: here the administrator key of the demo organization (samples/emulator/demo-org.json in the module''s repository) and the emulator started on it with dotnet out/emulator/IamKeyHygiene.Emulator.dll --scenario samples/emulator/demo-org.json --port 5000. EndpointUrl in the output shows the endpoint that answered.'
        }
    )
    Outputs     = @{
        'IamKeyHygiene.KeyHygieneIdentity' = 'Account, Arn, UserId, Region, RegionSource, CredentialSource, EndpointUrl.'
    }
    Notes       = 'STS GetCallerIdentity needs no IAM permission: it works for any valid credentials.'
}
