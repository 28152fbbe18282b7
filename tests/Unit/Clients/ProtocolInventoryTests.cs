using System.Text;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>tests/Unit/README.md must list exactly the protocol cases that run and the ones that cannot, with
/// the reason: the section is rendered from the case files and compared with the README.</summary>
public sealed class ProtocolInventoryTests
{
    private const string Begin = "<!-- protocol-cases:begin -->";
    private const string End = "<!-- protocol-cases:end -->";

    [Fact]
    public void Readme_lists_the_protocol_cases_that_run_and_why_the_others_cannot()
    {
        var readme = File.ReadAllText(Repository.Path("tests", "Unit", "README.md"));
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "tests/Unit/README.md lacks the protocol-cases markers");
        var section = readme.Substring(start + Begin.Length, end - start - Begin.Length).Replace("\r\n", "\n").Trim();
        var expected = Render().Trim();
        if (section != expected)
        {
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "protocol-cases-section.md"), expected);
        }

        Assert.True(section == expected, $"README section is stale; the current one is in {Path.GetTempPath()}protocol-cases-section.md");
    }

    internal static string Render()
    {
        var cases = ProtocolCases.All();
        var text = new StringBuilder();
        text.Append($"{cases.Count(c => c.SkipReason == null)} of {cases.Count} cases run.\n\n");
        text.Append("| file | cases | run | skipped |\n|---|---|---|---|\n");
        foreach (var group in cases.GroupBy(c => c.File))
        {
            text.Append($"| `{group.Key}` | {group.Count()} | {group.Count(c => c.SkipReason == null)} | {group.Count(c => c.SkipReason != null)} |\n");
        }

        text.Append("\nCases that cannot run, and why:\n\n");
        foreach (var reason in cases.Where(c => c.SkipReason != null).GroupBy(c => c.SkipReason!))
        {
            text.Append($"- {reason.Key}: {string.Join(", ", reason.Select(c => $"`{c.Id}`"))}\n");
        }

        return text.ToString();
    }
}
