using System.Globalization;
using System.Text.RegularExpressions;
using IamKeyHygiene.Emulator.Services.Iam;
using IamKeyHygiene.Emulator.Services.Sso;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Scenario;

/// <summary>Turns a scenario document into live state, with times relative to the data clock at load.</summary>
public static partial class ScenarioLoader
{
    private static readonly string[] AccountStates = { "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "PENDING_ACTIVATION", "CLOSED" };

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();

    /// <summary>The scenario's SNS topics and SSM parameters, checked as CreateTopic and PutParameter check them.</summary>
    private static void LoadNoticeServices(ScenarioDocument doc, EmulatorState state)
    {
        string AccountOf(string? accountId, string what) => accountId is null ? state.ManagementAccountId
            : state.Accounts.ContainsKey(accountId) ? accountId : throw new ScenarioException($"{what}: account {accountId} is not an account of the scenario.");

        foreach (var topic in doc.Sns?.Topics ?? new List<SnsTopicSpec>())
        {
            try
            {
                Services.Sns.SnsService.AddTopic(state, AccountOf(topic.AccountId, $"sns.topics '{topic.Name}'"), topic.Region, topic.Name);
            }
            catch (Protocol.AwsErrorException error)
            {
                throw new ScenarioException($"sns.topics '{topic.Name}': {error.Message}");
            }
        }

        foreach (var parameter in doc.Ssm?.Parameters ?? new List<SsmParameterSpec>())
        {
            try
            {
                Services.Ssm.SsmService.Put(state, AccountOf(parameter.AccountId, $"ssm.parameters '{parameter.Name}'"), parameter.Region, parameter.Name,
                    parameter.Type, parameter.Value, parameter.KeyId, parameter.Description, overwrite: false);
            }
            catch (Protocol.AwsErrorException error)
            {
                throw new ScenarioException($"ssm.parameters '{parameter.Name}': {error.Message}");
            }
        }

        if (doc.Slack is { } slack)
        {
            state.Slack.Apply(slack);
        }
    }

    public static EmulatorState Build(ScenarioDocument doc, DataClock clock, EmulatorSettings? settingsOverride = null)
    {
        if (!AccountIdPattern().IsMatch(doc.ManagementAccountId))
        {
            throw new ScenarioException($"managementAccountId must be 12 digits, got '{doc.ManagementAccountId}'.");
        }

        var seed = doc.Generate?.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0";
        var ids = new IdFactory(doc.ManagementAccountId + "/" + seed);
        var settings = settingsOverride ?? new EmulatorSettings
        {
            LastUseLag = TimeSpan.FromMinutes(doc.Settings.LastUseLagMinutes),
            CredentialReportGenerationTime = TimeSpan.FromSeconds(doc.Settings.CredentialReportGenerationSeconds),
            CredentialReportExpiry = TimeSpan.FromHours(doc.Settings.CredentialReportExpiryHours),
            CredentialReportQuotesCommas = doc.Settings.CredentialReportQuotesCommas,
            NewKeyPropagation = TimeSpan.FromSeconds(doc.Settings.NewKeyPropagationSeconds),
        };

        if (doc.RootId != null && !System.Text.RegularExpressions.Regex.IsMatch(doc.RootId, "^r-[0-9a-z]{4,32}$"))
        {
            throw new ScenarioException($"rootId '{doc.RootId}' is not a root id: r- and 4 to 32 lower-case letters or digits.");
        }

        var adminKeyId = string.IsNullOrEmpty(doc.Admin.AccessKeyId) ? ids.AccessKeyId("admin") : doc.Admin.AccessKeyId;
        var adminSecret = string.IsNullOrEmpty(doc.Admin.SecretAccessKey) ? ids.Secret("admin") : doc.Admin.SecretAccessKey;
        var state = new EmulatorState(clock, ids, settings)
        {
            ManagementAccountId = doc.ManagementAccountId,
            DelegatedAdministratorId = doc.DelegatedAdministrator,
            OrganizationId = doc.OrganizationId ?? "o-" + ids.Lower("org", 10),
            RootId = doc.RootId ?? "r-" + ids.Lower("root", 4),
            OrganizationsEnabled = doc.OrganizationsEnabled,
            AdminAccessKeyId = adminKeyId,
            AdminSecretAccessKey = adminSecret,
        };

        var ouByPath = new Dictionary<string, string>(StringComparer.Ordinal);
        AddUnits(state, doc.OrganizationalUnits, state.RootId, string.Empty, ouByPath);

        var now = clock.Now;
        var accounts = new List<AccountSpec>(doc.Accounts);
        if (!accounts.Any(a => a.Id == doc.ManagementAccountId))
        {
            accounts.Insert(0, new AccountSpec { Id = doc.ManagementAccountId, Name = "management" });
        }

        foreach (var spec in accounts)
        {
            AddAccount(state, spec, ResolveParent(spec.ParentOu, state, ouByPath), now);
        }

        if (doc.Generate is { Accounts: > 0 } generate)
        {
            ScenarioGenerator.Generate(state, generate, now);
        }

        if (state.DelegatedAdministratorId is { } delegated && !state.Accounts.ContainsKey(delegated))
        {
            throw new ScenarioException($"delegatedAdministrator {delegated} is not an account of the scenario.");
        }

        foreach (var token in doc.Sso?.Tokens ?? new List<SsoTokenSpec>())
        {
            SsoTokenIssuer.SignIn(state, token);
        }

        LoadNoticeServices(doc, state);

        return state;
    }

    private static void AddUnits(EmulatorState state, List<OuSpec> units, string parentId, string parentPath, Dictionary<string, string> ouByPath)
    {
        foreach (var unit in units)
        {
            if (string.IsNullOrWhiteSpace(unit.Name))
            {
                throw new ScenarioException("every organizationalUnits entry needs a name.");
            }

            var path = parentPath.Length == 0 ? unit.Name : parentPath + "/" + unit.Name;
            var id = unit.Id ?? $"ou-{state.RootId[2..]}-{state.Ids.Lower("ou/" + path, 8)}";
            if (!state.Units.TryAdd(id, new OrganizationalUnitRecord { Id = id, Name = unit.Name, ParentId = parentId }))
            {
                throw new ScenarioException($"OU id {id} is used twice.");
            }

            ouByPath[path] = id;
            AddUnits(state, unit.Children, id, path, ouByPath);
        }
    }

    private static string ResolveParent(string? parentOu, EmulatorState state, Dictionary<string, string> ouByPath)
    {
        if (string.IsNullOrEmpty(parentOu) || parentOu == "/" || parentOu == state.RootId)
        {
            return state.RootId;
        }

        if (state.Units.ContainsKey(parentOu))
        {
            return parentOu;
        }

        return ouByPath.TryGetValue(parentOu.Trim('/'), out var id)
            ? id
            : throw new ScenarioException($"parentOu '{parentOu}' names no OU of the scenario (use a path of OU names such as 'Workloads/Prod', or an OU id).");
    }

    internal static AccountState AddAccount(EmulatorState state, AccountSpec spec, string parentId, DateTimeOffset now)
    {
        if (!AccountIdPattern().IsMatch(spec.Id))
        {
            throw new ScenarioException($"account id must be 12 digits, got '{spec.Id}'.");
        }

        if (state.Accounts.ContainsKey(spec.Id))
        {
            throw new ScenarioException($"account {spec.Id} appears twice.");
        }

        if (!AccountStates.Contains(spec.State))
        {
            throw new ScenarioException($"account {spec.Id}: state must be one of {string.Join(", ", AccountStates)}.");
        }

        var account = new AccountState
        {
            Id = spec.Id,
            Name = string.IsNullOrEmpty(spec.Name) ? spec.Id : spec.Name,
            Email = spec.Email ?? $"aws+{spec.Id}@example.com",
            State = spec.State,
            ParentId = parentId,
            CreateDate = Whole(now - TimeSpan.FromDays(spec.CreatedDaysAgo)),
            Alias = spec.Alias,
            RootMfaActive = spec.RootMfaActive,
        };
        foreach (var (key, value) in spec.Tags)
        {
            account.Tags.Add(new(key, value));
        }

        foreach (var role in spec.Roles)
        {
            var trusted = role.TrustedAccounts ?? DefaultTrust(state);
            account.Roles[role.Name] = new RoleRecord
            {
                Name = role.Name,
                RoleId = state.Ids.RoleId(spec.Id + "/" + role.Name),
                TrustedAccounts = new HashSet<string>(trusted, StringComparer.Ordinal),
                ExternalId = role.ExternalId,
                MaxSessionDurationSeconds = role.MaxSessionDurationSeconds,
                WebIdentity = role.WebIdentity,
            };
        }

        state.AddAccount(account);
        var rootIndex = 0;
        foreach (var keySpec in spec.RootAccessKeys)
        {
            var key = MakeKey(state, account, null, keySpec, $"{spec.Id}/<root>/{rootIndex++}", now);
            account.RootKeys.Add(key);
        }

        foreach (var userSpec in spec.Users)
        {
            AddUser(state, account, userSpec, now);
        }

        if (spec.CredentialReportAgeHours is double ageHours)
        {
            var generated = Whole(now - TimeSpan.FromHours(ageHours));
            account.Report = new CredentialReportRecord
            {
                GeneratedTime = generated,
                Content = CredentialReportWriter.Write(account, now, state.Settings.CredentialReportQuotesCommas),
            };
        }

        return account;
    }

    internal static IEnumerable<string> DefaultTrust(EmulatorState state)
    {
        yield return state.ManagementAccountId;
        if (state.DelegatedAdministratorId is { } delegated)
        {
            yield return delegated;
        }
    }

    internal static IamUser AddUser(EmulatorState state, AccountState account, UserSpec spec, DateTimeOffset now)
    {
        if (!TagRules.IsValidUserName(spec.Name))
        {
            throw new ScenarioException($"account {account.Id}: user name '{spec.Name}' is not a valid IAM user name.");
        }

        if (!spec.Path.StartsWith('/') || !spec.Path.EndsWith('/'))
        {
            throw new ScenarioException($"account {account.Id}, user {spec.Name}: path must start and end with '/'.");
        }

        if (spec.Keys.Count > 2)
        {
            throw new ScenarioException($"account {account.Id}, user {spec.Name}: IAM allows at most 2 access keys per user.");
        }

        var oldestKey = spec.Keys.Count == 0 ? 29 : spec.Keys.Max(k => k.AgeDays);
        var user = new IamUser
        {
            Name = spec.Name,
            Path = spec.Path,
            UserId = state.Ids.UserId(account.Id + "/" + spec.Name),
            CreateDate = Whole(now - TimeSpan.FromDays(spec.CreatedDaysAgo ?? oldestKey + 1)),
            PasswordEnabled = spec.PasswordEnabled,
            Account = account,
            Mfa = spec.Mfa is { } mfa ? new MfaDevice(mfa.SerialNumber ?? $"arn:aws:iam::{account.Id}:mfa/{spec.Name}", mfa.TokenCode, mfa.RequiredForIam) : null,
        };
        if (!account.Users.TryAdd(user.Name, user))
        {
            throw new ScenarioException($"account {account.Id}: user {spec.Name} appears twice.");
        }

        foreach (var (key, value) in spec.Tags)
        {
            var problem = TagRules.Validate(key, value);
            if (problem is not null)
            {
                throw new ScenarioException($"account {account.Id}, user {spec.Name}: tag '{key}': {problem}");
            }

            user.Tags.Add(new(key, value));
        }

        var index = 0;
        foreach (var keySpec in spec.Keys.OrderByDescending(k => k.AgeDays))
        {
            user.Keys.Add(MakeKey(state, account, user, keySpec, $"{account.Id}/{spec.Name}/{index++}", now));
        }

        return user;
    }

    private static AccessKeyRecord MakeKey(EmulatorState state, AccountState account, IamUser? user, KeySpec spec, string name, DateTimeOffset now)
    {
        if (spec.Status != "Active" && spec.Status != "Inactive")
        {
            throw new ScenarioException($"key of {name}: status must be Active or Inactive.");
        }

        var created = Whole(now - TimeSpan.FromDays(spec.AgeDays));
        var key = new AccessKeyRecord
        {
            AccessKeyId = spec.AccessKeyId ?? state.Ids.AccessKeyId(name),
            SecretAccessKey = spec.SecretAccessKey ?? state.Ids.Secret(name),
            Account = account,
            User = user,
            Status = spec.Status,
            CreateDate = created,
        };
        if (spec.LastUsedDaysAgo is double daysAgo)
        {
            if (daysAgo > spec.AgeDays)
            {
                var owner = user is null ? "the root user" : $"user {user.Name}";
                throw new ScenarioException($"account {account.Id}, {owner}, access key {key.AccessKeyId}: lastUsedDaysAgo {daysAgo.ToString(CultureInfo.InvariantCulture)} "
                    + $"is before the key's creation (ageDays {spec.AgeDays.ToString(CultureInfo.InvariantCulture)}); a key is never used before it exists.");
            }

            key.LastUsedDate = Whole(now - TimeSpan.FromDays(daysAgo));
            key.LastUsedService = spec.LastUsedService;
            key.LastUsedRegion = spec.LastUsedRegion;
        }

        if (state.Keys.ContainsKey(key.AccessKeyId) || key.AccessKeyId == state.AdminAccessKeyId)
        {
            throw new ScenarioException($"access key id {key.AccessKeyId} appears twice.");
        }

        state.IndexKey(key);
        return key;
    }

    /// <summary>AWS reports times to the second.</summary>
    internal static DateTimeOffset Whole(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
