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
    public const string BotocoreIgnores = "botocore's own ignore list";

    public static readonly string[] KnownSkipReasons = { HostPrefix, RequestCompression, IdempotencyAutoFill, DocumentType, EventStream, BotocoreIgnores };

    private static readonly Lazy<List<ProtocolCase>> Loaded = new(Load);

    public static IReadOnlyList<ProtocolCase> All() => Loaded.Value;

    private static List<ProtocolCase> Load()
    {
        var (ignored, ignoredSuites) = Ignored();
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
                    var plainId = c.TryGetProperty("id", out var plain) ? plain.GetString() : null;
                    cases.Add(new ProtocolCase
                    {
                        Id = id,
                        File = file,
                        Protocol = protocol,
                        IsInput = isInput,
                        Suite = suite,
                        Case = c,
                        SkipReason = (plainId != null && ignored.Contains((protocol, isInput ? "input" : "output", plainId)))
                                || ignoredSuites.Contains((isInput ? "input" : "output", suite.GetProperty("description").GetString()!))
                            ? BotocoreIgnores
                            : SkipReason(suite, c, isInput),
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

    private static (HashSet<(string Protocol, string Direction, string Id)>, HashSet<(string Direction, string Suite)>) Ignored()
    {
        var result = new HashSet<(string, string, string)>();
        var suites = new HashSet<(string, string)>();
        var root = AwsReference.Json("protocol-tests", "botocore", "protocol-tests-ignore-list.json").RootElement;
        foreach (var direction in root.GetProperty("general").EnumerateObject())
        {
            foreach (var suite in direction.Value.GetProperty("suites").EnumerateArray())
            {
                suites.Add((direction.Name, suite.GetString()!));
            }
        }

        foreach (var protocol in root.GetProperty("protocols").EnumerateObject())
        {
            foreach (var direction in protocol.Value.EnumerateObject())
            {
                if (direction.Value.TryGetProperty("cases", out var ids))
                {
                    foreach (var id in ids.EnumerateArray())
                    {
                        result.Add((protocol.Name, direction.Name, id.GetString()!));
                    }
                }
            }
        }

        return (result, suites);
    }
}
