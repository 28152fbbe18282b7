using System.Text.Json;

namespace IamKeyHygiene.Tests.Unit.Clients.Support;

/// <summary>Loads botocore's protocol test files and decides, per case, whether our protocol code can express
/// it; the reasons a case cannot run are few and fixed (they are the README's list).</summary>
internal static class ProtocolCases
{
    public const string HostPrefix = "endpoint host-prefix trait (our operations have none)";
    public const string RequestCompression = "request compression (our operations have none)";
    public const string IdempotencyAutoFill = "idempotency-token auto-fill (our operations have no idempotency token)";
    public const string DocumentType = "document type (our operations have none)";
    public const string EventStream = "event streams (our operations have none)";
    public const string LegacyFlattenedNaming =
        "botocore's older flattened-list naming (the list member's locationName), which contradicts the Smithy cases QueryXmlLists and QueryFlattenedListArgWithXmlName that run; IAM has no flattened lists";

    public static readonly string[] KnownSkipReasons = { HostPrefix, RequestCompression, IdempotencyAutoFill, DocumentType, EventStream, LegacyFlattenedNaming };

    /// <summary>Legacy cases written for botocore's own flattened-list rule; the newer Smithy cases say otherwise.</summary>
    private static readonly HashSet<string> LegacyFlattenedCases = new()
    {
        "legacy/input/query.json:Flattened list#1",
        "legacy/input/query.json:Flattened list with LocationName#0",
        "legacy/output/query.json:Flattened list with location name#0",
    };

    private static readonly Lazy<List<ProtocolCase>> Loaded = new(Load);

    public static IReadOnlyList<ProtocolCase> All() => Loaded.Value;

    private static List<ProtocolCase> Load()
    {
        var cases = new List<ProtocolCase>();
        foreach (var file in Clients.ProtocolCaseTests.Files)
        {
            var protocol = file.EndsWith("query.json") ? "query" : "json";
            var isInput = file.Contains("input");
            var root = AwsReference.Json(new[] { "protocol-tests", "botocore" }.Concat(file.Split('/')).ToArray()).RootElement;
            var suiteIndex = 0;
            foreach (var suite in root.EnumerateArray())
            {
                var caseIndex = 0;
                foreach (var c in suite.GetProperty("cases").EnumerateArray())
                {
                    var id = c.TryGetProperty("id", out var idElement)
                        ? $"{file}:{idElement.GetString()}"
                        : $"{file}:{suite.GetProperty("description").GetString()}#{caseIndex}";
                    cases.Add(new ProtocolCase
                    {
                        Id = id,
                        File = file,
                        Protocol = protocol,
                        IsInput = isInput,
                        Suite = suite,
                        Case = c,
                        SkipReason = LegacyFlattenedCases.Contains(id) ? LegacyFlattenedNaming : SkipReason(suite, c, isInput),
                    });
                    caseIndex++;
                }

                suiteIndex++;
            }
        }

        return cases;
    }

    private static string? SkipReason(JsonElement suite, JsonElement testCase, bool isInput)
    {
        var given = testCase.GetProperty("given");
        if (given.TryGetProperty("endpoint", out _))
        {
            return HostPrefix;
        }

        if (given.TryGetProperty("requestcompression", out _))
        {
            return RequestCompression;
        }

        var shapes = suite.GetProperty("shapes");
        var root = isInput ? "input" : "output";
        var reached = new HashSet<string>();
        if (given.TryGetProperty(root, out var top))
        {
            Reach(shapes, top.GetProperty("shape").GetString()!, reached);
        }

        if (given.TryGetProperty("errors", out var errors))
        {
            foreach (var e in errors.EnumerateArray())
            {
                Reach(shapes, e.GetProperty("shape").GetString()!, reached);
            }
        }

        foreach (var name in reached)
        {
            var shape = shapes.GetProperty(name);
            if (shape.TryGetProperty("document", out var doc) && doc.ValueKind == JsonValueKind.True)
            {
                return DocumentType;
            }

            if (shape.TryGetProperty("eventstream", out _) || shape.TryGetProperty("event", out _))
            {
                return EventStream;
            }

            if (isInput && shape.TryGetProperty("members", out var members))
            {
                foreach (var m in members.EnumerateObject())
                {
                    if (m.Value.TryGetProperty("idempotencyToken", out _) && !MentionsParam(testCase, m.Name))
                    {
                        return IdempotencyAutoFill;
                    }
                }
            }
        }

        return null;
    }

    private static bool MentionsParam(JsonElement testCase, string member) =>
        testCase.TryGetProperty("params", out var p) && p.GetRawText().Contains($"\"{member}\"");

    private static void Reach(JsonElement shapes, string name, HashSet<string> reached)
    {
        if (!reached.Add(name))
        {
            return;
        }

        var shape = shapes.GetProperty(name);
        foreach (var key in new[] { "member", "key", "value" })
        {
            if (shape.TryGetProperty(key, out var reference))
            {
                Reach(shapes, reference.GetProperty("shape").GetString()!, reached);
            }
        }

        if (shape.TryGetProperty("members", out var members))
        {
            foreach (var m in members.EnumerateObject())
            {
                Reach(shapes, m.Value.GetProperty("shape").GetString()!, reached);
            }
        }
    }
}
