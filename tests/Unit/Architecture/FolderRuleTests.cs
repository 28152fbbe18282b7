using System.Text.RegularExpressions;
using IamKeyHygiene.Engine;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Architecture;

/// <summary>
/// The engine's folder rules (<see cref="EngineFolders"/>), checked on the compiled engine: every type reference
/// the compiler resolved (<see cref="TypeReferences"/>), which a scan of using directives would miss (a child
/// namespace sees its parents' types without one). Namespaces stand for folders: the last test checks that each
/// source file's namespace belongs to its folder.
/// </summary>
public sealed class FolderRuleTests
{
    private static readonly Lazy<IReadOnlyList<TypeReference>> References = new(() => TypeReferences.Read(typeof(EngineClock).Assembly));

    [Fact]
    public void Every_engine_namespace_has_a_row_in_the_folder_table()
    {
        var withoutRow = typeof(EngineClock).Assembly.GetTypes()
            .Select(t => EngineFolders.Relative(t.Namespace ?? ""))
            .Where(ns => ns != null && EngineFolders.RuleFor(ns) == null)
            .Distinct()
            .ToList();

        Assert.True(withoutRow.Count == 0, "Place these namespaces in EngineFolders.Rules: " + string.Join(", ", withoutRow));
    }

    [Fact]
    public void Each_folder_uses_only_the_root_and_the_folders_its_row_names()
    {
        var unwanted = BetweenFolders()
            .Where(r => r.To.Folder != "" && !r.From.Allowed.Contains(r.To.Folder))
            .Select(r => $"{Name(r.From)} → {Name(r.To)}: {r.Reference.FromType} uses {r.Reference.ToType}")
            .Distinct()
            .OrderBy(v => v, StringComparer.Ordinal)
            .ToList();

        Assert.True(unwanted.Count == 0, "Arrows the folder table does not allow:\n" + string.Join("\n", unwanted));
    }

    [Fact]
    public void No_folder_is_in_a_cycle()
    {
        var cycle = FindCycle(BetweenFolders().Select(r => (Name(r.From), Name(r.To))));

        Assert.True(cycle == null, "Folders in a cycle: " + string.Join(" → ", cycle ?? new List<string>()));
    }

    [Fact]
    public void Namespaces_outside_the_engine_are_used_only_where_their_row_allows()
    {
        var unwanted =
            (from rule in EngineFolders.Outside
             from reference in References.Value
             where reference.ToNamespace == rule.NamespacePrefix || reference.ToNamespace.StartsWith(rule.NamespacePrefix + ".", StringComparison.Ordinal)
             let folder = FolderOf(reference.FromNamespace)
             where folder != null && !rule.Folders.Contains(folder.Folder)
             select $"{Name(folder)}: {reference.FromType} uses {reference.ToNamespace}.{reference.ToType} ({rule.Why})")
            .Distinct()
            .ToList();

        Assert.True(unwanted.Count == 0, string.Join("\n", unwanted));
    }

    [Fact]
    public void Every_engine_source_file_declares_a_namespace_of_its_folder()
    {
        var root = Repository.Path("src", "IamKeyHygiene.Engine");
        var misplaced = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var folder = Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '.');
            if (folder.Split('.')[0] is "bin" or "obj")
            {
                continue;
            }

            var rule = EngineFolders.RuleFor(folder == "." ? "" : folder);
            foreach (Match declared in Regex.Matches(File.ReadAllText(file), @"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline))
            {
                var ns = declared.Groups[1].Value;
                if (rule == null || FolderOf(ns) != rule)
                {
                    misplaced.Add($"{Path.GetRelativePath(root, file)} declares {ns}");
                }
            }
        }

        Assert.True(misplaced.Count == 0, "Files whose namespace is not their folder's:\n" + string.Join("\n", misplaced));
    }

    [Fact]
    public void The_reader_sees_a_parent_namespace_type_that_no_using_directive_names()
    {
        // KeyJudge (Policy.Judging) takes a HygienePolicy (Policy) without a using directive for it.
        Assert.Contains(References.Value, r => r.FromType == "KeyJudge" && r.ToType == "HygienePolicy"
            && r.ToNamespace == EngineFolders.EngineNamespace + ".Policy");
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle_and_passes_a_ladder()
    {
        Assert.Equal(new[] { "A", "B", "C", "A" }, FindCycle(new[] { ("A", "B"), ("B", "C"), ("C", "A"), ("C", "D") }));
        Assert.Null(FindCycle(new[] { ("Scan", "Policy"), ("Policy", "Inventory"), ("Scan", "Inventory") }));
    }

    private static IEnumerable<(FolderRule From, FolderRule To, TypeReference Reference)> BetweenFolders()
        => from reference in References.Value
           let user = FolderOf(reference.FromNamespace)
           let used = FolderOf(reference.ToNamespace)
           where user != null && used != null && user != used
           select (user, used, reference);

    private static FolderRule? FolderOf(string fullNamespace)
    {
        var relative = EngineFolders.Relative(fullNamespace);
        return relative == null ? null : EngineFolders.RuleFor(relative);
    }

    private static string Name(FolderRule folder) => folder.Folder.Length == 0 ? "(engine root)" : folder.Folder;

    /// <summary>A cycle in the graph as a path that returns to its start, or null.</summary>
    private static List<string>? FindCycle(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.Distinct().ToLookup(e => e.From, e => e.To);
        var done = new HashSet<string>();
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0)
            {
                return path.Skip(at).Append(node).ToList();
            }

            if (!done.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (var target in next[node])
            {
                if (Visit(target) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return next.Select(group => group.Key).Select(Visit).FirstOrDefault(cycle => cycle != null);
    }
}
