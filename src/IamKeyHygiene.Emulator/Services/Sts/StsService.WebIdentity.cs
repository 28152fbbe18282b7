using System.Globalization;
using IamKeyHygiene.Emulator.Protocol;

namespace IamKeyHygiene.Emulator.Services.Sts;

public sealed partial class StsService
{
    /// <summary>
    /// AssumeRoleWithWebIdentity, unsigned: the token (<see cref="WebIdentityToken"/>) must be well formed
    /// (InvalidIdentityToken), unexpired by wall time (ExpiredTokenException) and match the role's web identity
    /// trust — issuer, audience, subject when the trust names one — else AccessDenied, as AWS answers.
    /// </summary>
    private string AssumeRoleWithWebIdentity(AwsCall call)
    {
        var roleArn = call.Param("RoleArn") ?? throw Validation("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        var sessionName = call.Param("RoleSessionName") ?? throw Validation("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        var token = call.Param("WebIdentityToken") ?? throw Validation("1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
        if (!IsValidSessionName(sessionName))
        {
            throw Validation($"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }

        var duration = 3600;
        if (call.Param("DurationSeconds") is { } durationText
            && (!int.TryParse(durationText, NumberStyles.Integer, CultureInfo.InvariantCulture, out duration) || duration < 900 || duration > 43200))
        {
            throw Validation($"1 validation error detected: Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
        }

        var claims = WebIdentityToken.Read(token) ?? throw new AwsErrorException("InvalidIdentityToken", "Couldn't parse the identity token.", 400);
        if (claims.Expires <= state.Clock.WallNow)
        {
            throw new AwsErrorException("ExpiredTokenException", "Token expired: current date/time is after the token's expiry.", 400);
        }

        var match = RoleArnPattern().Match(roleArn);
        if (!match.Success)
        {
            throw Validation($"{roleArn} is invalid");
        }

        var denied = new AwsErrorException("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", 403);
        if (!state.Accounts.TryGetValue(match.Groups[1].Value, out var target) || !target.AcceptsRoleSessions
            || !target.Roles.TryGetValue(match.Groups[2].Value, out var role) || role.WebIdentity is not { } trust)
        {
            throw denied;
        }

        if (!string.Equals(trust.Issuer, claims.Issuer, StringComparison.Ordinal))
        {
            throw new AwsErrorException("InvalidIdentityToken", $"No OpenIDConnect provider found in your account for {claims.Issuer}", 400);
        }

        if (!string.Equals(trust.Audience, claims.Audience, StringComparison.Ordinal) || (trust.Subject is { } subject && !string.Equals(subject, claims.Subject, StringComparison.Ordinal)))
        {
            throw denied;
        }

        if (duration > role.MaxSessionDurationSeconds)
        {
            throw Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        var session = state.StartRoleSession(target, role, sessionName, duration);
        return XmlOut.Response(call.Operation, Namespace, call.RequestId, xml =>
        {
            xml.Leaf("SubjectFromWebIdentityToken", claims.Subject).Leaf("Audience", claims.Audience);
            WriteRoleSession(xml, session);
            xml.Leaf("Provider", claims.Issuer);
        });
    }
}
