namespace IamKeyHygiene.Emulator.State;

/// <summary>
/// Everything the emulated AWS knows. One lock (<see cref="Sync"/>) guards all reads and writes: the
/// operations are microseconds long, so contention costs less than finer locking would.
/// </summary>
public sealed class EmulatorState
{
    public EmulatorState(DataClock clock, IdFactory ids, EmulatorSettings settings)
    {
        Clock = clock;
        Ids = ids;
        Settings = settings;
    }

    public object Sync { get; } = new();

    public DataClock Clock { get; }

    public IdFactory Ids { get; }

    public EmulatorSettings Settings { get; }

    public required string ManagementAccountId { get; init; }

    public string? DelegatedAdministratorId { get; init; }

    public required string OrganizationId { get; init; }

    public required string RootId { get; init; }

    public bool OrganizationsEnabled { get; init; } = true;

    public required string AdminAccessKeyId { get; init; }

    public required string AdminSecretAccessKey { get; init; }

    /// <summary>Accounts in the order ListAccounts returns them.</summary>
    public List<AccountState> AccountList { get; } = new();

    public Dictionary<string, AccountState> Accounts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, OrganizationalUnitRecord> Units { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AccessKeyRecord> Keys { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RoleSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Secrets Manager secrets by ARN.</summary>
    public Dictionary<string, SecretRecord> Secrets { get; } = new(StringComparer.Ordinal);

    /// <summary>SNS topics by ARN, and every message published, in order.</summary>
    public Dictionary<string, SnsTopicRecord> SnsTopics { get; } = new(StringComparer.Ordinal);

    public List<SnsPublishedMessage> SnsMessages { get; } = new();

    /// <summary>SSM parameters by <see cref="SsmParameterRecord.Key"/> (account, region, name).</summary>
    public Dictionary<string, SsmParameterRecord> SsmParameters { get; } = new(StringComparer.Ordinal);
    /// <summary>GetSessionToken's sessions by their ASIA… key id.</summary>
    public Dictionary<string, UserSession> UserSessions { get; } = new(StringComparer.Ordinal);

    /// <summary>IAM Identity Center: OIDC clients by id, access tokens and refresh tokens by their value.</summary>
    public Dictionary<string, SsoClientRecord> SsoClients { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SsoAccessToken> SsoAccessTokens { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SsoSignIn> SsoRefreshTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>The Slack workspace and webhook inbox (scenario <c>slack</c>); cleared with everything else on reset.</summary>
    public SlackWorkspace Slack { get; } = new();

    public AccountState ManagementAccount => Accounts[ManagementAccountId];

    public string OrganizationArn => $"arn:aws:organizations::{ManagementAccountId}:organization/{OrganizationId}";

    public string AccountArn(string accountId) => $"arn:aws:organizations::{ManagementAccountId}:account/{OrganizationId}/{accountId}";

    public string UnitArn(string unitId) => $"arn:aws:organizations::{ManagementAccountId}:ou/{OrganizationId}/{unitId}";

    public string RootArn => $"arn:aws:organizations::{ManagementAccountId}:root/{OrganizationId}/{RootId}";

    public void AddAccount(AccountState account)
    {
        Accounts.Add(account.Id, account);
        AccountList.Add(account);
    }

    public void IndexKey(AccessKeyRecord key) => Keys.Add(key.AccessKeyId, key);

    /// <summary>Secrets of keys deleted since load: still listed by <see cref="IssuedSecrets"/>, for the secret scan.</summary>
    private List<string> DeletedKeySecrets { get; } = new();

    /// <summary>A SecureString value overwritten or deleted: still listed by <see cref="IssuedSecrets"/>.</summary>
    public void RetireSecret(string value) => DeletedKeySecrets.Add(value);

    public void ForgetKey(AccessKeyRecord key)
    {
        Keys.Remove(key.AccessKeyId);
        DeletedKeySecrets.Add(key.SecretAccessKey);
    }

    /// <summary>
    /// Every secret the emulator has issued or loaded: the admin's, every access key's (deleted ones too), every
    /// session's secret and token, IAM Identity Center client secrets and tokens, SecureString parameter values (deleted
    /// ones too), the Slack bot token and revoked tokens. The caller holds <see cref="Sync"/>.
    /// </summary>
    public IEnumerable<string> IssuedSecrets() =>
        new[] { AdminSecretAccessKey }
            .Concat(Keys.Values.Select(k => k.SecretAccessKey))
            .Concat(DeletedKeySecrets)
            .Concat(Sessions.Values.SelectMany(s => new[] { s.SecretAccessKey, s.SessionToken }))
            .Concat(UserSessions.Values.SelectMany(s => new[] { s.SecretAccessKey, s.SessionToken }))
            .Concat(SsoClients.Values.Select(c => c.ClientSecret))
            .Concat(SsoAccessTokens.Keys)
            .Concat(SsoRefreshTokens.Keys)
            .Concat(SsmParameters.Values.Where(p => p.IsSecure).Select(p => p.Value))
            .Concat(Slack.Secrets)
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Temporary credentials acting as a role (STS AssumeRole, SSO GetRoleCredentials): ASIA… keys that authenticate
    /// at once and expire on the data clock. The caller holds <see cref="Sync"/>.
    /// </summary>
    /// <summary>STS GetSessionToken: temporary credentials acting as <paramref name="user"/>. The caller holds <see cref="Sync"/>.</summary>
    public UserSession StartUserSession(IamUser user, bool mfaAuthenticated, int durationSeconds)
    {
        var name = Ids.NextName("user-session");
        var session = new UserSession
        {
            AccessKeyId = Ids.SessionKeyId(name),
            SecretAccessKey = Ids.Secret(name),
            SessionToken = Ids.SessionToken(name),
            Expiration = Scenario.ScenarioLoader.Whole(Clock.Now.AddSeconds(durationSeconds)),
            User = user,
            MfaAuthenticated = mfaAuthenticated,
        };
        UserSessions[session.AccessKeyId] = session;
        return session;
    }

    public RoleSession StartRoleSession(AccountState account, RoleRecord role, string sessionName, int durationSeconds)
    {
        var name = Ids.NextName("session");
        var session = new RoleSession
        {
            AccessKeyId = Ids.SessionKeyId(name),
            SecretAccessKey = Ids.Secret(name),
            SessionToken = Ids.SessionToken(name),
            Expiration = Scenario.ScenarioLoader.Whole(Clock.Now.AddSeconds(durationSeconds)),
            Account = account,
            Role = role,
            SessionName = sessionName,
        };
        Sessions[session.AccessKeyId] = session;
        return session;
    }
}
