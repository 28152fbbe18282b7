using System.Text.Json;
using IamKeyHygiene.Emulator.Protocol;

namespace IamKeyHygiene.Emulator.Services.SecretsManager;

/// <summary>
/// A secret's resource policy, as the emulator evaluates it: statements with Effect, Principal ("*" or
/// {"AWS": ARN, account id or "*"}) and Action ("secretsmanager:GetSecretValue", "secretsmanager:*", "*");
/// Resource is not compared (a secret's policy is about that secret). Condition, NotPrincipal and NotAction are
/// refused at PutResourcePolicy rather than evaluated wrongly.
/// </summary>
public sealed class SecretPolicy
{
    private readonly List<Statement> statements;

    private SecretPolicy(List<Statement> statements)
    {
        this.statements = statements;
    }

    public enum Verdict
    {
        NoMatch,
        Allowed,
        Denied,
    }

    /// <summary>Parses a policy document; MalformedPolicyDocumentException when it is not one the emulator can evaluate.</summary>
    public static SecretPolicy Parse(string document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Statement", out var statement))
            {
                throw Malformed("The policy has no Statement.");
            }

            var list = statement.ValueKind == JsonValueKind.Array ? statement.EnumerateArray().Select(ReadStatement).ToList() : new List<Statement> { ReadStatement(statement) };
            return new SecretPolicy(list);
        }
        catch (JsonException)
        {
            throw Malformed("This resource policy contains a syntax error.");
        }
    }

    /// <summary>True when an Allow statement names every principal ("*"): what BlockPublicPolicy refuses.</summary>
    public bool IsPublic => statements.Any(s => s.Allow && s.Principals.Contains("*"));

    /// <summary>Deny wins over Allow; <paramref name="principals"/> are the names the caller answers to.</summary>
    public Verdict Evaluate(string action, IReadOnlyCollection<string> principals)
    {
        var matching = statements.Where(s => s.Actions.Any(a => ActionMatches(a, action)) && s.Principals.Any(p => p == "*" || principals.Contains(p))).ToList();
        return matching.Any(s => !s.Allow) ? Verdict.Denied : matching.Count > 0 ? Verdict.Allowed : Verdict.NoMatch;
    }

    private static bool ActionMatches(string pattern, string action) =>
        pattern == "*" || string.Equals(pattern, action, StringComparison.OrdinalIgnoreCase) || string.Equals(pattern, "secretsmanager:*", StringComparison.OrdinalIgnoreCase);

    private static Statement ReadStatement(JsonElement statement)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("A statement is not an object.");
        }

        foreach (var unsupported in new[] { "Condition", "NotPrincipal", "NotAction" })
        {
            if (statement.TryGetProperty(unsupported, out _))
            {
                throw Malformed($"The emulator does not evaluate {unsupported}.");
            }
        }

        var effect = statement.TryGetProperty("Effect", out var e) ? e.GetString() : null;
        if (effect is not ("Allow" or "Deny"))
        {
            throw Malformed("A statement's Effect must be Allow or Deny.");
        }

        if (!statement.TryGetProperty("Principal", out var principal) || !statement.TryGetProperty("Action", out var action))
        {
            throw Malformed("A statement needs a Principal and an Action.");
        }

        var principals = principal.ValueKind == JsonValueKind.String
            ? Strings(principal)
            : principal.ValueKind == JsonValueKind.Object && principal.TryGetProperty("AWS", out var aws) ? Strings(aws) : throw Malformed("Principal must be \"*\" or {\"AWS\": …}.");
        return new Statement(effect == "Allow", principals, Strings(action));
    }

    private static List<string> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new List<string> { value.GetString()! },
        JsonValueKind.Array => value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Malformed("Expected a string.")).ToList(),
        _ => throw Malformed("Expected a string or a list of strings."),
    };

    private static AwsErrorException Malformed(string message) => new("MalformedPolicyDocumentException", message, 400);

    private sealed record Statement(bool Allow, List<string> Principals, List<string> Actions);
}
