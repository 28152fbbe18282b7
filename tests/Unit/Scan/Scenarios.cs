using IamKeyHygiene.Emulator.Scenario;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>Scenarios the scan tests share, built in code so each test says what it needs.</summary>
internal static class Scenarios
{
    public static ScenarioDocument Organization(params AccountSpec[] accounts)
    {
        var all = new List<AccountSpec> { Account(ScanTestKit.ManagementAccount, "management", User("admin-tools", Key(10, 1))) };
        all.AddRange(accounts);
        return new ScenarioDocument
        {
            ManagementAccountId = ScanTestKit.ManagementAccount,
            Admin = new AdminSpec { AccessKeyId = "AKIAMANAGEMENTADMIN1", SecretAccessKey = "management-admin-secret-for-tests-000000" },
            OrganizationalUnits =
            {
                new OuSpec { Name = "Workloads", Children = { new OuSpec { Name = "Prod", Children = { new OuSpec { Name = "Payments" } } } } },
                new OuSpec { Name = "Sandbox" },
            },
            Accounts = all,
            Settings = new SettingsSpec { CredentialReportGenerationSeconds = 0.3 },
        };
    }

    public static AccountSpec Account(string id, string name, params UserSpec[] users) => new()
    {
        Id = id,
        Name = name,
        Email = $"aws+{name}@example.com",
        Roles = { new RoleSpec { Name = ScanTestKit.RoleName } },
        Users = users.ToList(),
    };

    public static UserSpec User(string name, params KeySpec[] keys) => new() { Name = name, Keys = keys.ToList() };

    public static KeySpec Key(double ageDays, double? lastUsedDaysAgo, string status = "Active")
        => new() { AgeDays = ageDays, LastUsedDaysAgo = lastUsedDaysAgo, Status = status };

    public static UserSpec Tagged(this UserSpec user, string key, string value)
    {
        user.Tags[key] = value;
        return user;
    }

    public static UserSpec InPath(this UserSpec user, string path)
    {
        user.Path = path;
        return user;
    }

    public static AccountSpec Under(this AccountSpec account, string ou)
    {
        account.ParentOu = ou;
        return account;
    }

    /// <summary>Users on every side of the default thresholds, with owners, an exemption tag and two-key users.</summary>
    public static AccountSpec Mixed(string id, string name) => Account(id, name,
        User("young", Key(5, 1)),
        User("warn-79", Key(79.9, 1)),
        User("warn-80", Key(80.05, 1)).Tagged("owner", "warn@example.com"),
        User("disable-89", Key(89.9, 1)),
        User("disable-90", Key(90.05, 2)).Tagged("owner", "disable@example.com"),
        User("old-inactive-149", Key(149.9, 100, "Inactive")),
        User("old-inactive-151", Key(151, 120, "Inactive")),
        User("never-used-44", Key(44.9, null)),
        User("never-used-46", Key(46, null)),
        User("unused-60", Key(70, 60)).Tagged("slack-id", "U0TEST0001"),
        User("two-keys", Key(85, 1), Key(3, 0.5)),
        User("exempt-by-tag", Key(120, 1)).Tagged("keyhygiene:exempt", "expires=2099-12-31 reason=vendor contract"),
        User("ops@example.com", Key(100, 95)),
        User("no-keys"),
        User("service-bot", Key(95, 1)).InPath("/service/"));
}
