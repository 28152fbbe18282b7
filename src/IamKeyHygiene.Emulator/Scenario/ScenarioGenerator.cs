using System.Globalization;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Scenario;

/// <summary>Builds large deterministic organizations from a scenario's <c>generate</c> section.</summary>
internal static class ScenarioGenerator
{
    public static void Generate(EmulatorState state, GenerateSpec spec, DateTimeOffset now)
    {
        if (spec.UsersPerAccount < 0 || spec.FindingUsersPerAccount < 0 || spec.FindingsAccountShare is < 0 or > 1)
        {
            throw new ScenarioException("generate: usersPerAccount and findingUsersPerAccount must be >= 0, findingsAccountShare within 0..1.");
        }

        var random = new Random(spec.Seed);
        var units = new List<string>();
        for (var i = 1; i <= spec.OrganizationalUnits; i++)
        {
            var id = $"ou-{state.RootId[2..]}-{state.Ids.Lower("generated-ou/" + i, 8)}";
            state.Units[id] = new OrganizationalUnitRecord { Id = id, Name = $"Generated-{i}", ParentId = state.RootId };
            units.Add(id);
        }

        // Which accounts carry findings: a seeded shuffle, so the share is exact and spread out.
        var findingCount = (int)Math.Round(spec.Accounts * spec.FindingsAccountShare);
        var order = Enumerable.Range(0, spec.Accounts).OrderBy(_ => random.Next()).ToArray();
        var withFindings = new HashSet<int>(order.Take(findingCount));
        var nextId = long.Parse(spec.FirstAccountId, CultureInfo.InvariantCulture);
        var mixTotal = spec.KeyMix.None + spec.KeyMix.One + spec.KeyMix.Two;
        if (mixTotal <= 0)
        {
            throw new ScenarioException("generate.keyMix needs a positive share.");
        }

        for (var a = 0; a < spec.Accounts; a++)
        {
            while (state.Accounts.ContainsKey(nextId.ToString("D12", CultureInfo.InvariantCulture)))
            {
                nextId++;
            }

            var accountId = (nextId++).ToString("D12", CultureInfo.InvariantCulture);
            var number = (a + 1).ToString("D4", CultureInfo.InvariantCulture);
            var accountSpec = new AccountSpec
            {
                Id = accountId,
                Name = $"generated-{number}",
                Email = $"aws+generated-{number}@example.com",
                Tags = new Dictionary<string, string> { ["generated"] = "true" },
                Roles =
                {
                    new RoleSpec { Name = spec.RoleName, ExternalId = spec.RoleExternalId, MaxSessionDurationSeconds = spec.RoleMaxSessionDurationSeconds },
                },
            };
            var parent = units.Count == 0 ? state.RootId : units[a % units.Count];
            var account = ScenarioLoader.AddAccount(state, accountSpec, parent, now);
            var findingUsers = withFindings.Contains(a) ? Math.Min(spec.FindingUsersPerAccount, spec.UsersPerAccount) : 0;
            for (var u = 0; u < spec.UsersPerAccount; u++)
            {
                var name = $"user-{(u + 1).ToString("D4", CultureInfo.InvariantCulture)}";
                var user = new UserSpec
                {
                    Name = name,
                    Path = u % 5 == 4 ? "/service/" : "/",
                    Tags = new Dictionary<string, string> { ["email"] = $"{name}@example.com" },
                };
                var draw = random.NextDouble() * mixTotal;
                var keyCount = draw < spec.KeyMix.None ? 0 : draw < spec.KeyMix.None + spec.KeyMix.One ? 1 : 2;
                var isFinding = u < findingUsers;
                if (isFinding)
                {
                    keyCount = Math.Max(keyCount, 1);
                }

                for (var k = 0; k < keyCount; k++)
                {
                    user.Keys.Add(isFinding && k == 0 ? StaleKey(random) : HealthyKey(random));
                }

                ScenarioLoader.AddUser(state, account, user, now);
            }
        }
    }

    private static KeySpec StaleKey(Random random)
    {
        var age = 95 + (random.NextDouble() * 300);
        return new KeySpec
        {
            AgeDays = Math.Round(age, 3),
            LastUsedDaysAgo = random.NextDouble() < 0.3 ? null : Math.Round(random.NextDouble() * age, 3),
        };
    }

    private static KeySpec HealthyKey(Random random)
    {
        var age = 1 + (random.NextDouble() * 60);
        return new KeySpec
        {
            AgeDays = Math.Round(age, 3),
            LastUsedDaysAgo = Math.Round(random.NextDouble() * Math.Min(age, 10), 3),
            LastUsedService = random.NextDouble() < 0.5 ? "s3" : "ec2",
        };
    }
}
