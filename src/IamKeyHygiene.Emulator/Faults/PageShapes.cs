namespace IamKeyHygiene.Emulator.Faults;

/// <summary>
/// Pages of one list operation made short or empty while still carrying a continuation token (IAM Marker with
/// IsTruncated, Organizations NextToken), as AWS may answer: clients must page until no token comes back, never
/// stop at a short or empty page. Page N (1 = the request without a token) is empty when (N - 1) modulo
/// (<see cref="EmptyPages"/> + 1) is below <see cref="EmptyPages"/>; the others hold at most
/// <see cref="ItemsPerPage"/> items.
/// </summary>
public sealed class PageShape
{
    /// <summary>"ListUsers" or "iam:ListUsers".</summary>
    public string Operation { get; set; } = string.Empty;

    public int ItemsPerPage { get; set; } = 1;

    /// <summary>Empty pages (each with a token) before every page with items.</summary>
    public int EmptyPages { get; set; } = 1;

    public void Validate()
    {
        if (Operation.Length == 0 || ItemsPerPage < 1 || EmptyPages < 0)
        {
            throw new ArgumentException("shortPages: each entry needs an operation, itemsPerPage >= 1 and emptyPages >= 0.");
        }
    }

    public bool Matches(string service, string operation) => Operation == operation || Operation == service + ":" + operation;

    /// <summary>How many items page <paramref name="pageNumber"/> holds at most, for a client that asked for <paramref name="asked"/>.</summary>
    public int ItemsOn(int pageNumber, int asked) =>
        (pageNumber - 1) % (EmptyPages + 1) < EmptyPages ? 0 : Math.Min(asked, ItemsPerPage);
}
