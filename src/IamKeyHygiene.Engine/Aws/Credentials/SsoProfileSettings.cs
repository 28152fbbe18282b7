namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// An SSO profile's settings: sso_session naming an [sso-session NAME] section (sso_start_url, sso_region), or
    /// the legacy form with sso_start_url and sso_region on the profile; sso_account_id and sso_role_name on the profile.
    /// </summary>
    internal sealed class SsoProfileSettings
    {
        public SsoProfileSettings(string accountId, string roleName, string startUrl, string region, string? sessionName)
        {
            AccountId = accountId;
            RoleName = roleName;
            StartUrl = startUrl;
            Region = region;
            SessionName = sessionName;
        }

        public string AccountId { get; }
        public string RoleName { get; }
        public string StartUrl { get; }

        /// <summary>The sso_region: where the portal and SSO-OIDC are called.</summary>
        public string Region { get; }

        /// <summary>The sso_session name; null for a legacy profile (its cache file is keyed by the start URL).</summary>
        public string? SessionName { get; }

        public static SsoProfileSettings Read(SharedProfile profile, SharedConfigFiles files)
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
            return new SsoProfileSettings(accountId, roleName, startUrl!, ssoRegion!, sessionName);
        }
    }
}
