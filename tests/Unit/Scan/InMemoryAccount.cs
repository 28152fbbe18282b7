using System.Globalization;
using System.Text;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>An access key as the in-memory account holds it (times to the second, as IAM keeps them).</summary>
internal sealed record MemoryKey(string Id, bool Active, DateTimeOffset Created, DateTimeOffset? LastUsed);

/// <summary>
/// One account's IAM in memory, no HTTP: users with keys and tags, root keys, and the credential report they make.
/// A key's GetAccessKeyLastUsed can be made to fail. <see cref="ScanAsync"/> runs the engine's account scanner on it.
/// </summary>
internal sealed class InMemoryAccount : IAccountIam
{
    private readonly List<(IamUserFacts User, MemoryKey[] Keys, Dictionary<string, string> Tags)> _users = new();
    private readonly List<MemoryKey> _rootKeys = new();

    public InMemoryAccount(string accountId, DateTimeOffset reportGeneratedAt)
    {
        Account = new OrganizationAccount(accountId, "in-memory", $"aws+{accountId}@example.com", "ACTIVE", $"arn:aws:organizations::111111111111:account/o-test/{accountId}");
        ReportGeneratedAt = reportGeneratedAt;
    }

    public OrganizationAccount Account { get; }
    public DateTimeOffset ReportGeneratedAt { get; }

    /// <summary>Key ids whose GetAccessKeyLastUsed fails (AccessDenied).</summary>
    public HashSet<string> LastUseUnreadable { get; } = new();

    /// <summary>Users whose report row is written beyond repair: "yes" for a boolean (the row still names its user).</summary>
    public HashSet<string> RowsBeyondRepair { get; } = new();

    /// <summary>Users whose report row opens a quote it never closes (the row names no user).</summary>
    public HashSet<string> RowsNamingNoUser { get; } = new();

    /// <summary>The report's header lacks most columns: not a credential report at all.</summary>
    public bool HeaderBroken { get; set; }

    /// <summary>ListUsers fails (AccessDenied) when set.</summary>
    public bool ListUsersFails { get; set; }

    /// <summary>How many times ListUsers was called.</summary>
    public int ListUsersCalls { get; private set; }

    public InMemoryAccount WithUser(string name, params MemoryKey[] keys)
    {
        _users.Add((new IamUserFacts(name, $"arn:aws:iam::{Account.AccountId}:user/{name}", "/", null), keys, new Dictionary<string, string>()));
        return this;
    }

    /// <summary>Tags the user added last.</summary>
    public InMemoryAccount WithTag(string key, string value)
    {
        _users[^1].Tags[key] = value;
        return this;
    }

    public InMemoryAccount WithRootKey(MemoryKey key)
    {
        _rootKeys.Add(key);
        return this;
    }

    /// <summary>The account as a scan target whose session is never opened: its IAM is given to the scan directly.</summary>
    public static AccountTarget Target(OrganizationAccount account)
        => new(account, new AccountSession(account.AccountId, usesCallerCredentials: true, null, new NoSessions()));

    /// <summary>Scans the account to the end with the engine's scanner, judging at <paramref name="at"/>.</summary>
    public async Task<List<KeyFinding>> ScanAsync(HygienePolicy policy, ScanSettings settings, DateTimeOffset at, IEngineLog? log = null, List<KeyFinding>? findings = null)
    {
        var scanner = new AccountScanner(new KeyJudge(policy), settings, at, at, new ReportFetcher(), new CredentialReportTriage(policy), log ?? NullEngineLog.Instance);
        findings ??= new List<KeyFinding>();
        await scanner.ScanAsync(Account, this, ScanSlot.Unlimited(), findings.Add, CancellationToken.None);
        return findings;
    }

    public Task<string> GenerateCredentialReportAsync(CancellationToken cancellationToken) => Task.FromResult("COMPLETE");

    public Task<RawCredentialReport> GetCredentialReportAsync(CancellationToken cancellationToken)
    {
        var csv = new StringBuilder(HeaderBroken ? "user,arn" : string.Join(",", CredentialReportParser.Columns)).Append('\n');
        csv.Append(Row(CredentialReportRow.RootUserName, $"arn:aws:iam::{Account.AccountId}:root", _rootKeys));
        foreach (var (user, keys, _) in _users)
        {
            var row = Row(user.UserName, user.Arn, keys);
            if (RowsBeyondRepair.Contains(user.UserName)) row = row.Replace(",true,", ",yes,").Replace(",false,", ",yes,");
            if (RowsNamingNoUser.Contains(user.UserName)) row = "\"" + row;
            csv.Append(row);
        }

        return Task.FromResult(new RawCredentialReport(csv.ToString(), ReportGeneratedAt));
    }

    public Task<IReadOnlyList<IamUserFacts>> ListUsersAsync(CancellationToken cancellationToken)
    {
        ListUsersCalls++;
        return ListUsersFails
            ? throw new InvalidOperationException("AccessDenied")
            : Task.FromResult<IReadOnlyList<IamUserFacts>>(_users.Select(u => new IamUserFacts(u.User.UserName, u.User.Arn, u.User.Path, u.User.CreateDate)).ToList());
    }

    public Task<IReadOnlyList<AccessKeyFacts>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<AccessKeyFacts>>(UserNamed(userName).Keys
            .Select(k => new AccessKeyFacts(k.Id, k.Active ? "Active" : "Inactive", k.Created)).ToList());

    public Task<KeyLastUse> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        if (LastUseUnreadable.Contains(accessKeyId))
        {
            throw new InvalidOperationException("AccessDenied");
        }

        var key = _users.SelectMany(u => u.Keys).Single(k => k.Id == accessKeyId);
        return Task.FromResult(new KeyLastUse(key.LastUsed, key.LastUsed == null ? null : "s3", key.LastUsed == null ? null : "us-east-1"));
    }

    public Task<IReadOnlyDictionary<string, string>> ListUserTagsAsync(string userName, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyDictionary<string, string>>(UserNamed(userName).Tags);

    public Task<bool> RootHasAccessKeyAsync(CancellationToken cancellationToken) => Task.FromResult(_rootKeys.Count > 0);

    private (IamUserFacts User, MemoryKey[] Keys, Dictionary<string, string> Tags) UserNamed(string userName)
        => _users.Single(u => u.User.UserName == userName);

    /// <summary>A report row: the user, its two key slots, everything else N/A.</summary>
    private static string Row(string user, string arn, IReadOnlyList<MemoryKey> keys)
    {
        var fields = new List<string> { user, arn, "N/A", "false", "N/A", "N/A", "N/A", "false" };
        for (var slot = 0; slot < 2; slot++)
        {
            var key = slot < keys.Count ? keys[slot] : null;
            fields.Add(key?.Active == true ? "true" : "false");
            fields.Add(Time(key?.Created));
            fields.Add(Time(key?.LastUsed));
            fields.Add(key?.LastUsed == null ? "N/A" : "us-east-1");
            fields.Add(key?.LastUsed == null ? "N/A" : "s3");
        }

        fields.AddRange(new[] { "false", "N/A", "false", "N/A" });
        return string.Join(",", fields) + "\n";
    }

    private static string Time(DateTimeOffset? time)
        => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture) ?? "N/A";
}

/// <summary>Sessions the in-memory accounts never open: their IAM is given to the scan directly.</summary>
internal sealed class NoSessions : ISessionClientSource
{
    public Engine.Aws.Clients.IamClient CreateCallerIam() => throw new InvalidOperationException("no HTTP here");
    public Engine.Aws.RoleSession CreateRoleSession(string accountId, string roleArn) => throw new InvalidOperationException("no HTTP here");
    public Engine.Errors.EngineException CallerFailure(Exception exception) => Engine.Errors.EngineException.From(exception);
}
