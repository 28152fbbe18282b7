namespace IamKeyHygiene.Emulator.Control;

/// <summary>Counts requests per operation ("iam:ListUsers") and per account the request acted in (when it names one).</summary>
public sealed class CallCounter
{
    private readonly object gate = new();
    private readonly Dictionary<string, int> byOperation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> byAccount = new(StringComparer.Ordinal);
    private long total;

    public void Count(string operationKey, string? accountId)
    {
        lock (gate)
        {
            total++;
            byOperation[operationKey] = byOperation.GetValueOrDefault(operationKey) + 1;
            if (accountId is null)
            {
                return;
            }

            if (!byAccount.TryGetValue(accountId, out var ops))
            {
                byAccount[accountId] = ops = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            ops[operationKey] = ops.GetValueOrDefault(operationKey) + 1;
        }
    }

    public object Snapshot()
    {
        lock (gate)
        {
            return new
            {
                total,
                byOperation = new SortedDictionary<string, int>(byOperation, StringComparer.Ordinal),
                byAccount = byAccount.OrderBy(a => a.Key, StringComparer.Ordinal)
                    .ToDictionary(a => a.Key, a => new SortedDictionary<string, int>(a.Value, StringComparer.Ordinal)),
            };
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            total = 0;
            byOperation.Clear();
            byAccount.Clear();
        }
    }
}
