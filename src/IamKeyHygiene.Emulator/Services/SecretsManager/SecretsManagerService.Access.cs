using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.SecretsManager;

/// <summary>Finding a secret by name or ARN, and deciding whether the caller may act on it (README: "Who may read a secret").</summary>
public sealed partial class SecretsManagerService
{
    private const string DefaultKeyRefusal = "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.";

    /// <summary>The secret the call names, once the caller is allowed to act on it.</summary>
    private SecretRecord Authorized(AwsCall call)
    {
        var secret = Find(call);
        var caller = call.Caller;
        var action = "secretsmanager:" + call.Operation;
        var sameAccount = caller.Account.Id == secret.AccountId;
        var verdict = secret.ResourcePolicy is { } document
            ? SecretPolicy.Parse(document).Evaluate(action, PrincipalNames(caller, sameAccount))
            : SecretPolicy.Verdict.NoMatch;
        if (verdict == SecretPolicy.Verdict.Denied)
        {
            throw NotAuthorized(caller, action, secret, "with an explicit deny in a resource-based policy");
        }

        // The emulator evaluates no identity policy: its own account's principals may act, except that an IAM user's
        // read of a value is decided by the resource policy alone (so "the key's own user can read it" is a real check).
        var policyDecides = !sameAccount || (caller.Kind == CallerKind.User && call.Operation == "GetSecretValue");
        if (policyDecides && verdict != SecretPolicy.Verdict.Allowed)
        {
            throw NotAuthorized(caller, action, secret, $"because no resource-based policy allows the {action} action");
        }

        // The AWS managed key's policy trusts its own account only, so no other account can decrypt or encrypt with it.
        if (!sameAccount && call.Operation is "GetSecretValue" or "PutSecretValue" && secret.UsesDefaultKey)
        {
            throw new AwsErrorException("AccessDeniedException", DefaultKeyRefusal, 400);
        }

        return secret;
    }

    /// <summary>The names a caller answers to in a policy's Principal. In its own account an IAM user answers only to
    /// its ARN (the account root there delegates to identity policies, which the emulator does not have); from
    /// another account the caller also answers to its account's root ARN and id.</summary>
    private static IReadOnlyCollection<string> PrincipalNames(Caller caller, bool sameAccount)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { caller.Arn };
        if (caller.Session is { } session)
        {
            names.Add($"arn:aws:iam::{caller.Account.Id}:role/{session.Role.Name}");
        }

        if (!sameAccount || caller.Kind != CallerKind.User)
        {
            names.Add(caller.Account.RootArn);
            names.Add(caller.Account.Id);
        }

        return names;
    }

    private static AwsErrorException NotAuthorized(Caller caller, string action, SecretRecord secret, string because) =>
        new("AccessDeniedException", $"User: {caller.Arn} is not authorized to perform: {action} on resource: {secret.Arn} {because}", 400);

    /// <summary>By name in the caller's account and the request's region, or by full or partial (suffix-less) ARN.</summary>
    private SecretRecord Find(AwsCall call)
    {
        var id = call.JsonString("SecretId") is { Length: > 0 } given ? given : throw InvalidParameter("You must provide a SecretId.");
        if (!id.StartsWith("arn:", StringComparison.Ordinal))
        {
            return state.Secrets.Values.FirstOrDefault(s => s.AccountId == call.Caller.Account.Id && s.Region == call.Region && s.Name == id)
                ?? throw NotFound("Secrets Manager can't find the specified secret.");
        }

        var parts = id.Split(':', 7);
        var found = state.Secrets.TryGetValue(id, out var exact)
            ? exact
            : parts.Length == 7 && parts[2] == "secretsmanager" && parts[5] == "secret"
                ? state.Secrets.Values.FirstOrDefault(s => s.AccountId == parts[4] && s.Region == parts[3] && s.Name == parts[6])
                : null;
        return found is not null && found.Region == call.Region ? found : throw NotFound("Secrets Manager can't find the specified secret.");
    }
}
