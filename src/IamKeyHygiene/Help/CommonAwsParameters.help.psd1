@{
    Region          = 'The AWS region to use, for example eu-west-1. When omitted: $StoredAWSRegion (Set-DefaultAWSRegion), then the profile''s region, then AWS_REGION or AWS_DEFAULT_REGION, then the instance''s region, then us-east-1. IAM and Organizations are global; the region still picks the partition and the STS endpoint.'
    AccessKey       = 'The access key id of literal credentials; use with -SecretKey (and -SessionToken for temporary credentials). Literal keys win over every other credential source. Alias: AK.'
    SecretKey       = 'The secret access key belonging to -AccessKey. A string, as AWS Tools for PowerShell takes it; the module never writes it to output, logs or error messages. Prefer a profile in runbooks. Alias: SK.'
    SessionToken    = 'The session token for temporary credentials given with -AccessKey and -SecretKey. Alias: ST.'
    ProfileName     = 'The name of a profile in the shared credentials and config files (or the -ProfileLocation file). Profiles with role_arn and source_profile, credential_process and SSO work as in the AWS CLI. A named profile that does not exist is a terminating error, never a fall-through to another source. Aliases: StoredCredentials, AWSProfileName.'
    ProfileLocation = 'The path of the shared credentials file to read -ProfileName (or the default profile) from, instead of ~/.aws/credentials.'
    Credential      = 'An AWSCredentials object from AWS.Tools (for example the result of Get-AWSCredential, or $StoredAWSCredentials). It is read by duck typing, so AWS.Tools need not be loaded by this module.'
    EndpointUrl     = 'A URL that replaces the AWS endpoint of every service the cmdlet calls: a local emulator, a proxy or a VPC endpoint. AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> are honoured when this is omitted.'
}
