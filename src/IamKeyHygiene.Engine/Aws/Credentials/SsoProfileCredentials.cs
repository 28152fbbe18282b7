using System;
using Amazon.Runtime;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// SSO profiles (sso_session or the legacy sso_start_url form) go to AWSSDK.Core's SSOAWSCredentials,
    /// which reads the token `aws sso login` cached. That class loads AWSSDK.SSO and AWSSDK.SSOOIDC at run
    /// time; the module does not ship them (they are not referenced), so without them the answer is a clear
    /// error with a workaround rather than a failure deep in the SDK.
    /// </summary>
    internal static class SsoProfileCredentials
    {
        private const string SsoClientType = "Amazon.SSO.AmazonSSOClient, AWSSDK.SSO";
        private const string SsoOidcClientType = "Amazon.SSOOIDC.AmazonSSOOIDCClient, AWSSDK.SSOOIDC";

        public static AWSCredentials Create(SharedProfile profile, SharedConfigFiles files)
        {
            var sessionName = profile.Get("sso_session");
            string? startUrl = profile.Get("sso_start_url");
            string? ssoRegion = profile.Get("sso_region");
            if (sessionName != null)
            {
                var session = files.GetSsoSession(sessionName)
                    ?? throw new AwsConfigurationException($"Profile '{profile.Name}' names sso_session '{sessionName}', but {files.ConfigPath ?? "the config file"} has no [sso-session {sessionName}] section.");
                session.TryGetValue("sso_start_url", out var sessionStartUrl);
                session.TryGetValue("sso_region", out var sessionRegion);
                startUrl = sessionStartUrl ?? startUrl;
                ssoRegion = sessionRegion ?? ssoRegion;
            }

            var accountId = profile.Get("sso_account_id");
            var roleName = profile.Get("sso_role_name");
            if (string.IsNullOrEmpty(startUrl) || string.IsNullOrEmpty(ssoRegion) || accountId == null || roleName == null)
                throw new AwsConfigurationException(
                    $"SSO profile '{profile.Name}' needs sso_start_url, sso_region (on the profile or its sso-session), sso_account_id and sso_role_name.");

            if (Type.GetType(SsoClientType, throwOnError: false) == null || Type.GetType(SsoOidcClientType, throwOnError: false) == null)
                throw new AwsConfigurationException(
                    $"Profile '{profile.Name}' is an SSO profile. SSO needs `aws sso login --profile {profile.Name}` and the SDK's SSO assemblies (AWSSDK.SSO, AWSSDK.SSOOIDC), which this module does not ship. " +
                    $"Workaround: a profile with credential_process = aws configure export-credentials --profile {profile.Name} --format process.");

            return new SSOAWSCredentials(accountId, ssoRegion, roleName, startUrl, new SSOAWSCredentialsOptions
            {
                SessionName = sessionName,
                // Runbooks cannot open a browser: a missing or expired token must fail, not prompt.
                SupportsGettingNewToken = false,
            });
        }
    }
}
