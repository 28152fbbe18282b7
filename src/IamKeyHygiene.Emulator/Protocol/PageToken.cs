using System.Globalization;
using System.Text;

namespace IamKeyHygiene.Emulator.Protocol;

/// <summary>
/// Opaque pagination tokens (IAM Marker, Organizations NextToken): the page number and the name of the
/// first item of that page, so a page still starts at the right place after items were deleted.
/// </summary>
public static class PageToken
{
    public static string Encode(int pageNumber, string position)
    {
        var raw = pageNumber.ToString(CultureInfo.InvariantCulture) + "\n" + position;
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string? token, out int pageNumber, out string position)
    {
        pageNumber = 1;
        position = string.Empty;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded = padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
            var raw = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var newline = raw.IndexOf('\n');
            if (newline <= 0 || !int.TryParse(raw[..newline], NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 2)
            {
                return false;
            }

            position = raw[(newline + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The page number a request asks for (1 without a token), or 0 when the token is not ours.</summary>
    public static int PageNumberOf(string? token) => TryDecode(token, out var page, out _) ? page : 0;

    /// <summary>Cuts one page out of an ordered list; <paramref name="nameOf"/> gives the position each item is compared by.</summary>
    public static (List<T> Page, string? NextToken) Slice<T>(IEnumerable<T> ordered, Func<T, string> nameOf, StringComparer comparer, int pageNumber, string position, int max)
    {
        var page = new List<T>(Math.Min(max, 128));
        string? next = null;
        foreach (var item in ordered)
        {
            var name = nameOf(item);
            if (position.Length > 0 && comparer.Compare(name, position) < 0)
            {
                continue;
            }

            if (page.Count == max)
            {
                next = Encode(pageNumber + 1, name);
                break;
            }

            page.Add(item);
        }

        return (page, next);
    }
}
