using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Auth;

/// <summary>Authenticates a request as AWS does: signature format, wall-clock skew, key lookup, signature, session expiry.</summary>
public static class Authenticator
{
    public static Caller Authenticate(EmulatorState state, SigV4Request request, SigV4ParseResult parsed, WireProtocol protocol)
    {
        if (parsed.Signature is not { } signature)
        {
            throw AuthError(protocol, parsed.Problem, parsed.Message);
        }

        var timing = SigV4Verifier.CheckTime(signature, state.Clock.WallNow);
        if (timing.Problem != SigV4Problem.None)
        {
            throw AuthError(protocol, timing.Problem, timing.Message);
        }

        Caller caller;
        string secret;
        AccessKeyRecord? key = null;
        RoleSession? session = null;
        UserSession? userSession = null;
        lock (state.Sync)
        {
            if (signature.AccessKeyId == state.AdminAccessKeyId)
            {
                var management = state.ManagementAccount;
                caller = new Caller(CallerKind.Admin, management, $"arn:aws:iam::{management.Id}:user/{Services.Iam.IamService.AdminUserName}", state.Ids.UserId("admin"), null, null);
                secret = state.AdminSecretAccessKey;
            }
            else if (state.Keys.TryGetValue(signature.AccessKeyId, out key))
            {
                if (!key.IsActive || key.ValidFromWall > state.Clock.WallNow)
                {
                    throw InvalidToken(protocol);
                }

                caller = key.User is { } user
                    ? new Caller(CallerKind.User, key.Account, user.Arn, user.UserId, user, null)
                    : new Caller(CallerKind.Root, key.Account, key.Account.RootArn, key.Account.Id, null, null);
                secret = key.SecretAccessKey;
            }
            else if (state.Sessions.TryGetValue(signature.AccessKeyId, out session))
            {
                if (!string.Equals(request.FirstHeader("X-Amz-Security-Token") ?? signature.SessionToken, session.SessionToken, StringComparison.Ordinal))
                {
                    throw InvalidToken(protocol);
                }

                caller = new Caller(CallerKind.AssumedRole, session.Account, session.Arn, session.AssumedRoleId, null, session);
                secret = session.SecretAccessKey;
            }
            else if (state.UserSessions.TryGetValue(signature.AccessKeyId, out userSession))
            {
                if (!string.Equals(request.FirstHeader("X-Amz-Security-Token") ?? signature.SessionToken, userSession.SessionToken, StringComparison.Ordinal))
                {
                    throw InvalidToken(protocol);
                }

                var user = userSession.User;
                caller = new Caller(CallerKind.User, user.Account, user.Arn, user.UserId, user, null) { UserSession = userSession };
                secret = userSession.SecretAccessKey;
            }
            else
            {
                throw InvalidToken(protocol);
            }
        }

        // S3 signs the path as sent; the other services sign it normalised.
        if (!SigV4Verifier.SignatureMatches(request, signature, secret, normalizePath: protocol != WireProtocol.RestXml))
        {
            throw AuthError(protocol, SigV4Problem.SignatureMismatch, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        lock (state.Sync)
        {
            var dataNow = state.Clock.Now;
            if ((session is not null && dataNow >= session.Expiration) || (userSession is not null && dataNow >= userSession.Expiration))
            {
                throw protocol == WireProtocol.Json
                    ? new AwsErrorException("ExpiredTokenException", "The security token included in the request is expired", 400)
                    : new AwsErrorException("ExpiredToken", "The security token included in the request is expired", 403);
            }

            if (key is not null)
            {
                RecordUse(state, key, signature, dataNow);
            }
        }

        return caller;
    }

    private static void RecordUse(EmulatorState state, AccessKeyRecord key, SigV4Signature signature, DateTimeOffset dataNow)
    {
        var usedAt = Scenario.ScenarioLoader.Whole(dataNow);
        if (state.Settings.LastUseLag <= TimeSpan.Zero)
        {
            key.LastUsedDate = usedAt;
            key.LastUsedService = signature.Service;
            key.LastUsedRegion = signature.Region;
            key.Pending = null;
            return;
        }

        key.PromotePendingUse(dataNow);

        // A use already waiting to become visible keeps its (earlier) visibility time, as a lagging pipeline would.
        key.Pending = key.Pending is { } pending
            ? pending with { UsedAt = usedAt, Service = signature.Service, Region = signature.Region }
            : new PendingUse(usedAt, signature.Service, signature.Region, dataNow + state.Settings.LastUseLag);
    }

    private static AwsErrorException InvalidToken(WireProtocol protocol) => protocol == WireProtocol.Json
        ? new AwsErrorException("UnrecognizedClientException", "The security token included in the request is invalid.", 400)
        : new AwsErrorException("InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    public static AwsErrorException AuthError(WireProtocol protocol, SigV4Problem problem, string message)
    {
        var json = protocol == WireProtocol.Json;
        return problem switch
        {
            SigV4Problem.Missing => json
                ? new AwsErrorException("MissingAuthenticationTokenException", "Missing Authentication Token", 400)
                : new AwsErrorException("MissingAuthenticationToken", message, 403),
            SigV4Problem.Incomplete => new AwsErrorException(json ? "IncompleteSignatureException" : "IncompleteSignature", message, 400),
            _ => json
                ? new AwsErrorException("InvalidSignatureException", message, 400)
                : new AwsErrorException("SignatureDoesNotMatch", message, 403),
        };
    }
}
