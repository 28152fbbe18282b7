namespace IamKeyHygiene.Emulator.State;

/// <summary>An access key (of an IAM user, or of an account's root user when <see cref="User"/> is null).</summary>
public sealed class AccessKeyRecord
{
    public required string AccessKeyId { get; init; }

    public required string SecretAccessKey { get; init; }

    public required AccountState Account { get; init; }

    public IamUser? User { get; init; }

    public required string Status { get; set; }

    public required DateTimeOffset CreateDate { get; init; }

    public DateTimeOffset? LastUsedDate { get; set; }

    public string? LastUsedService { get; set; }

    public string? LastUsedRegion { get; set; }

    /// <summary>A use not yet visible (IAM's last-use data lags); promoted once the data clock reaches VisibleAt.</summary>
    public PendingUse? Pending { get; set; }

    public bool IsActive => Status == "Active";

    /// <summary>Wall time before which the key is refused as unknown (a new key still propagating); null = always valid.</summary>
    public DateTimeOffset? ValidFromWall { get; init; }

    /// <summary>Makes a pending use visible if its time has come.</summary>
    public void PromotePendingUse(DateTimeOffset dataNow)
    {
        if (Pending is { } pending && pending.VisibleAt <= dataNow)
        {
            LastUsedDate = pending.UsedAt;
            LastUsedService = pending.Service;
            LastUsedRegion = pending.Region;
            Pending = null;
        }
    }

    public override string ToString() => $"AccessKey {AccessKeyId} ({Status})";
}

public sealed record PendingUse(DateTimeOffset UsedAt, string Service, string Region, DateTimeOffset VisibleAt);

public sealed class IamUser
{
    public required string Name { get; init; }

    public required string Path { get; init; }

    public required string UserId { get; init; }

    public required DateTimeOffset CreateDate { get; init; }

    public bool PasswordEnabled { get; init; }

    public required AccountState Account { get; init; }

    /// <summary>Tags in insertion order (IAM keeps them as a list; keys are unique case-insensitively).</summary>
    public List<KeyValuePair<string, string>> Tags { get; } = new();

    /// <summary>The user's MFA device, if the scenario gives one.</summary>
    public MfaDevice? Mfa { get; init; }

    /// <summary>The user's keys in creation order (report slots 1 and 2).</summary>
    public List<AccessKeyRecord> Keys { get; } = new();

    public string Arn => $"arn:aws:iam::{Account.Id}:user{Path}{Name}";
}

/// <summary>
/// A user's virtual MFA device as the emulator models it: one serial number and one fixed code that it accepts
/// (no TOTP: tests need a code that stays valid). <see cref="RequiredForIam"/> plays a self-service policy that
/// denies IAM calls not made with an MFA session (aws:MultiFactorAuthPresent).
/// </summary>
public sealed record MfaDevice(string SerialNumber, string TokenCode, bool RequiredForIam);

/// <summary>STS GetSessionToken's temporary credentials: they act as the IAM user who asked for them.</summary>
public sealed class UserSession
{
    public required string AccessKeyId { get; init; }

    public required string SecretAccessKey { get; init; }

    public required string SessionToken { get; init; }

    public required DateTimeOffset Expiration { get; init; }

    public required IamUser User { get; init; }

    public bool MfaAuthenticated { get; init; }

    public override string ToString() => $"UserSession {AccessKeyId} {User.Arn}";
}

public sealed class RoleRecord
{
    public required string Name { get; init; }

    public required string RoleId { get; init; }

    public required HashSet<string> TrustedAccounts { get; init; }

    public string? ExternalId { get; init; }

    public int MaxSessionDurationSeconds { get; init; } = 3600;

    public Scenario.WebIdentityTrust? WebIdentity { get; init; }
}

/// <summary>Temporary credentials issued by AssumeRole or AssumeRoleWithWebIdentity.</summary>
public sealed class RoleSession
{
    public required string AccessKeyId { get; init; }

    public required string SecretAccessKey { get; init; }

    public required string SessionToken { get; init; }

    public required DateTimeOffset Expiration { get; init; }

    public required AccountState Account { get; init; }

    public required RoleRecord Role { get; init; }

    public required string SessionName { get; init; }

    public string Arn => $"arn:aws:sts::{Account.Id}:assumed-role/{Role.Name}/{SessionName}";

    public string AssumedRoleId => $"{Role.RoleId}:{SessionName}";

    public override string ToString() => $"RoleSession {AccessKeyId} {Arn}";
}

public sealed class OrganizationalUnitRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string ParentId { get; init; }
}

/// <summary>
/// A credential report: built from a snapshot at generation time, ready once the generation time (wall clock,
/// read from the settings at each look, so a test can shorten it while a report is being built) has passed.
/// </summary>
public sealed class CredentialReportRecord
{
    public required DateTimeOffset GeneratedTime { get; init; }

    public required byte[] Content { get; init; }

    /// <summary>When generation started (wall clock); null for a report that was already there when the scenario loaded.</summary>
    public DateTimeOffset? StartedAtWall { get; init; }

    public bool IsReady(DateTimeOffset wallNow, TimeSpan generationTime) => StartedAtWall is not { } started || wallNow >= started + generationTime;
}

public sealed class AccountState
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Email { get; init; }

    public required string State { get; set; }

    public required string ParentId { get; set; }

    public required DateTimeOffset CreateDate { get; init; }

    public string? Alias { get; init; }

    public bool RootMfaActive { get; init; } = true;

    public List<KeyValuePair<string, string>> Tags { get; } = new();

    public Dictionary<string, RoleRecord> Roles { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users by name (IAM names are unique case-insensitively), listed in name order.</summary>
    public SortedDictionary<string, IamUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<AccessKeyRecord> RootKeys { get; } = new();

    public CredentialReportRecord? Report { get; set; }

    public string RootArn => $"arn:aws:iam::{Id}:root";

    /// <summary>Suspended and closing accounts refuse new role sessions (AssumeRole, SSO GetRoleCredentials).</summary>
    public bool AcceptsRoleSessions => State is not ("SUSPENDED" or "CLOSED" or "PENDING_CLOSURE");
}
