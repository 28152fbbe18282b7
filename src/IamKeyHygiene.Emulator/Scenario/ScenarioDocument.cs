using System.Text.Json;
using System.Text.Json.Serialization;

namespace IamKeyHygiene.Emulator.Scenario;

/// <summary>The scenario file (JSON, camelCase; unknown fields are an error). The README documents each field.</summary>
public sealed class ScenarioDocument
{
    public string ManagementAccountId { get; set; } = string.Empty;

    public string? OrganizationId { get; set; }

    /// <summary>The organization root's id (r- and 4 to 32 lower-case letters or digits); derived when absent.</summary>
    public string? RootId { get; set; }

    public AdminSpec Admin { get; set; } = new();

    public string? DelegatedAdministrator { get; set; }

    public bool OrganizationsEnabled { get; set; } = true;

    public List<OuSpec> OrganizationalUnits { get; set; } = new();

    public List<AccountSpec> Accounts { get; set; } = new();

    public GenerateSpec? Generate { get; set; }

    public SettingsSpec Settings { get; set; } = new();

    /// <summary>IAM Identity Center sign-ins whose tokens the SSO portal and SSO-OIDC accept.</summary>
    public SsoSpec? Sso { get; set; }

    /// <summary>SNS topics that exist from the start.</summary>
    public SnsSpec? Sns { get; set; }

    /// <summary>SSM Parameter Store parameters that exist from the start (SMTP credentials, say).</summary>
    public SsmSpec? Ssm { get; set; }
    /// <summary>The Slack workspace the Web API serves: bot token, members, channels.</summary>
    public SlackSpec? Slack { get; set; }

    /// <summary>Faults in force from the start (and again after a reset), as POST /_emulator/faults sets them.</summary>
    public Faults.FaultConfig? Faults { get; set; }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ScenarioDocument Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<ScenarioDocument>(json, Options) ?? throw new ScenarioException($"{source}: the scenario is empty.");
        }
        catch (JsonException ex)
        {
            throw new ScenarioException($"{source}: {ex.Message}", ex);
        }
    }

    public static ScenarioDocument Load(string path) => Parse(File.ReadAllText(path), path);

    public string ToJson() => JsonSerializer.Serialize(this, Options);
}

public sealed class ScenarioException : Exception
{
    public ScenarioException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

public sealed class AdminSpec
{
    public string AccessKeyId { get; set; } = string.Empty;

    /// <summary>Never printed; ToString hides it.</summary>
    public string SecretAccessKey { get; set; } = string.Empty;

    public override string ToString() => $"Admin {AccessKeyId}";
}

public sealed class OuSpec
{
    public string Name { get; set; } = string.Empty;

    public string? Id { get; set; }

    public List<OuSpec> Children { get; set; } = new();
}

public sealed class AccountSpec
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Email { get; set; }

    public string State { get; set; } = "ACTIVE";

    /// <summary>An OU path of names ("Workloads/Prod") or an OU id; null or empty = the root.</summary>
    public string? ParentOu { get; set; }

    public Dictionary<string, string> Tags { get; set; } = new();

    public List<RoleSpec> Roles { get; set; } = new();

    public List<KeySpec> RootAccessKeys { get; set; } = new();

    public bool RootMfaActive { get; set; } = true;

    public double? CredentialReportAgeHours { get; set; }

    public string? Alias { get; set; }

    public double CreatedDaysAgo { get; set; } = 1000;

    public List<UserSpec> Users { get; set; } = new();
}

public sealed class RoleSpec
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Accounts whose principals may assume the role; null = the management account and the delegated administrator.</summary>
    public List<string>? TrustedAccounts { get; set; }

    public string? ExternalId { get; set; }

    public int MaxSessionDurationSeconds { get; set; } = 3600;

    /// <summary>An OpenID Connect identity the role trusts for AssumeRoleWithWebIdentity (README: web identity).</summary>
    public WebIdentityTrust? WebIdentity { get; set; }
}

/// <summary>A trust policy's web identity principal and conditions: the token's issuer, audience and (when set) subject.</summary>
public sealed class WebIdentityTrust
{
    public string Issuer { get; set; } = string.Empty;

    public string Audience { get; set; } = string.Empty;

    public string? Subject { get; set; }
}

public sealed class UserSpec
{
    public string Name { get; set; } = string.Empty;

    public string Path { get; set; } = "/";

    public Dictionary<string, string> Tags { get; set; } = new();

    public bool PasswordEnabled { get; set; }

    /// <summary>Null = one day before its oldest key (or 30 days for a user without keys).</summary>
    public double? CreatedDaysAgo { get; set; }

    public List<KeySpec> Keys { get; set; } = new();

    /// <summary>A virtual MFA device for STS GetSessionToken (SerialNumber + TokenCode).</summary>
    public MfaSpec? Mfa { get; set; }
}

/// <summary>
/// A user's MFA device: GetSessionToken accepts exactly <see cref="TokenCode"/> for it (a fixed code, so tests stay
/// deterministic); any other code is AccessDenied. <see cref="RequiredForIam"/>: IAM calls signed by anything but an
/// MFA session are AccessDenied, as a self-service policy with aws:MultiFactorAuthPresent makes them.
/// </summary>
public sealed class MfaSpec
{
    /// <summary>Defaults to arn:aws:iam::ACCOUNT:mfa/USER.</summary>
    public string? SerialNumber { get; set; }

    public string TokenCode { get; set; } = "123456";

    public bool RequiredForIam { get; set; }
}

public sealed class KeySpec
{
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string Status { get; set; } = "Active";

    public double AgeDays { get; set; }

    public double? LastUsedDaysAgo { get; set; }

    public string LastUsedService { get; set; } = "iam";

    public string LastUsedRegion { get; set; } = "us-east-1";

    public override string ToString() => $"Key {AccessKeyId} ({Status})";
}

public sealed class GenerateSpec
{
    public int Accounts { get; set; }

    public int UsersPerAccount { get; set; } = 10;

    public string RoleName { get; set; } = "KeyHygieneAudit";

    public string? RoleExternalId { get; set; }

    public int RoleMaxSessionDurationSeconds { get; set; } = 3600;

    public double FindingsAccountShare { get; set; } = 0.2;

    public KeyMixSpec KeyMix { get; set; } = new();

    public int FindingUsersPerAccount { get; set; } = 2;

    public int Seed { get; set; } = 1;

    /// <summary>First generated account id (12 digits); the next ones count up, skipping ids in use.</summary>
    public string FirstAccountId { get; set; } = "200000000000";

    /// <summary>Generated accounts are spread over this many OUs ("Generated-1"…) under the root; 0 = the root itself.</summary>
    public int OrganizationalUnits { get; set; }
}

public sealed class KeyMixSpec
{
    public double None { get; set; } = 0.2;

    public double One { get; set; } = 0.6;

    public double Two { get; set; } = 0.2;
}

public sealed class SettingsSpec
{
    public double LastUseLagMinutes { get; set; }

    public double CredentialReportGenerationSeconds { get; set; } = 2;

    public double CredentialReportExpiryHours { get; set; } = 168;

    /// <summary>Quote credential report fields that hold a comma (RFC 4180); false writes them as they are.</summary>
    public bool CredentialReportQuotesCommas { get; set; }

    /// <summary>Seconds (wall time) before a key made by CreateAccessKey authenticates; 0 = at once.</summary>
    public double NewKeyPropagationSeconds { get; set; }
}

public sealed class SsoSpec
{
    public List<SsoTokenSpec> Tokens { get; set; } = new();
}

/// <summary>
/// A signed-in user's token set, as `aws sso login` leaves it in its cache. Omitted values are derived; the same
/// shape is the body of POST /_emulator/sso/tokens.
/// </summary>
public sealed class SsoTokenSpec
{
    public string? AccessToken { get; set; }

    public string? RefreshToken { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Access-token lifetime from now on the data clock; zero or negative gives a token already expired.</summary>
    public int ExpiresInSeconds { get; set; } = 28800;

    /// <summary>The role session name of the credentials GetRoleCredentials issues.</summary>
    public string UserName { get; set; } = "sso-user";

    public List<SsoAssignmentSpec> Assignments { get; set; } = new();

    public override string ToString() => $"SsoToken of {UserName}";
}

public sealed class SsoAssignmentSpec
{
    public string AccountId { get; set; } = string.Empty;

    public string RoleName { get; set; } = string.Empty;
}

public sealed class SnsSpec
{
    public List<SnsTopicSpec> Topics { get; set; } = new();
}

public sealed class SnsTopicSpec
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Null = the management account.</summary>
    public string? AccountId { get; set; }

    public string Region { get; set; } = "us-east-1";
}

public sealed class SsmSpec
{
    public List<SsmParameterSpec> Parameters { get; set; } = new();
}

public sealed class SsmParameterSpec
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Never printed; ToString hides it.</summary>
    public string Value { get; set; } = string.Empty;

    /// <summary>String, StringList or SecureString.</summary>
    public string Type { get; set; } = "String";

    /// <summary>A SecureString's KMS key; null = alias/aws/ssm.</summary>
    public string? KeyId { get; set; }

    public string? Description { get; set; }

    /// <summary>Null = the management account.</summary>
    public string? AccountId { get; set; }

    public string Region { get; set; } = "us-east-1";

    public override string ToString() => $"SsmParameter {Name} ({Type})";
}
