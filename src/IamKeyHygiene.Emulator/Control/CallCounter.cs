using IamKeyHygiene.Emulator.Protocol;

namespace IamKeyHygiene.Emulator.Control;

/// <summary>
/// Counts requests per operation ("iam:ListUsers"), per account the request acted in (when it names one) and per
/// principal that made it (<see cref="PrincipalOf"/>), so a test can tell which role needed which action.
/// </summary>
public sealed class CallCounter
{
    /// <summary>The principal of an unsigned request (AssumeRoleWithWebIdentity, IAM Identity Center's portal).</summary>
    public const string Anonymous = "anonymous";

    private readonly object gate = new();
    private readonly Dictionary<string, int> byOperation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> byAccount = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> byPrincipal = new(StringComparer.Ordinal);
    private long total;

    /// <summary>A role session counts under its role's name, a user (long-term key or session) as "user/NAME",
    /// an account's root as "root", an unsigned request as <see cref="Anonymous"/>.</summary>
    public static string PrincipalOf(Caller? caller) => caller switch
    {
        null => Anonymous,
        { Kind: CallerKind.AssumedRole, Session: { } session } => session.Role.Name,
        { Kind: CallerKind.Root } => "root",
        { User: { } user } => "user/" + user.Name,
        _ => "user/" + caller.Arn[(caller.Arn.LastIndexOf('/') + 1)..],
    };

    public void Count(string operationKey, string? accountId, string? principal)
    {
        lock (gate)
        {
            total++;
            byOperation[operationKey] = byOperation.GetValueOrDefault(operationKey) + 1;
            if (accountId is not null)
            {
                Add(byAccount, accountId, operationKey);
            }

            if (principal is not null)
            {
                Add(byPrincipal, principal, operationKey);
            }
        }
    }

    private static void Add(Dictionary<string, Dictionary<string, int>> breakdown, string name, string operationKey)
    {
        if (!breakdown.TryGetValue(name, out var ops))
        {
            breakdown[name] = ops = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        ops[operationKey] = ops.GetValueOrDefault(operationKey) + 1;
    }

    public object Snapshot()
    {
        lock (gate)
        {
            return new
            {
                total,
                byOperation = new SortedDictionary<string, int>(byOperation, StringComparer.Ordinal),
                byAccount = Sorted(byAccount),
                byPrincipal = Sorted(byPrincipal),
            };
        }
    }

    private static Dictionary<string, SortedDictionary<string, int>> Sorted(Dictionary<string, Dictionary<string, int>> breakdown) =>
        breakdown.OrderBy(a => a.Key, StringComparer.Ordinal)
            .ToDictionary(a => a.Key, a => new SortedDictionary<string, int>(a.Value, StringComparer.Ordinal));

    public void Clear()
    {
        lock (gate)
        {
            total = 0;
            byOperation.Clear();
            byAccount.Clear();
            byPrincipal.Clear();
        }
    }
}
