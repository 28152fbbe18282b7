using System.Globalization;
using System.Text.RegularExpressions;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Sts;

/// <summary>STS (awsQuery, XML): AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity and GetSessionToken.</summary>
public sealed partial class StsService
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    private readonly EmulatorState state;

    public StsService(EmulatorState state)
    {
        this.state = state;
    }

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal) { "AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity", "GetSessionToken" };

    [GeneratedRegex(@"^arn:aws:iam::([0-9]{12}):role/(?:[\x21-\x7E]*/)?([\w+=,.@-]{1,64})$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionNamePattern();

    /// <summary>Role session names (AssumeRole's RoleSessionName, an SSO user name): 2-64 of [\w+=,.@-].</summary>
    public static bool IsValidSessionName(string name) => SessionNamePattern().IsMatch(name);

    public string Handle(AwsCall call)
    {
        lock (state.Sync)
        {
            return call.Operation switch
            {
                "AssumeRole" => AssumeRole(call),
                "AssumeRoleWithWebIdentity" => AssumeRoleWithWebIdentity(call),
                "GetCallerIdentity" => GetCallerIdentity(call),
                "GetSessionToken" => GetSessionToken(call),
                _ => throw new AwsErrorException("InvalidAction", $"Could not find operation {call.Operation} for version 2011-06-15", 400),
            };
        }
    }

    /// <summary>The account a RoleArn points into, or null when the ARN is malformed.</summary>
    public static string? TargetAccountOf(string? roleArn) =>
        roleArn is not null && RoleArnPattern().Match(roleArn) is { Success: true } match ? match.Groups[1].Value : null;

    private static AwsErrorException Validation(string message) => new("ValidationError", message, 400);

    private string AssumeRole(AwsCall call)
    {
        var caller = call.Caller;
        var roleArn = call.Param("RoleArn") ?? throw Validation("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        var sessionName = call.Param("RoleSessionName") ?? throw Validation("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        if (!IsValidSessionName(sessionName))
        {
            throw Validation($"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }

        var duration = 3600;
        if (call.Param("DurationSeconds") is { } durationText)
        {
            if (!int.TryParse(durationText, NumberStyles.Integer, CultureInfo.InvariantCulture, out duration))
            {
                throw Validation($"1 validation error detected: Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must be a number");
            }

            if (duration < 900)
            {
                throw Validation($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
            }

            if (duration > 43200)
            {
                throw Validation($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200");
            }
        }

        var match = RoleArnPattern().Match(roleArn);
        if (!match.Success)
        {
            throw Validation($"{roleArn} is invalid");
        }

        var denied = new AwsErrorException("AccessDenied", $"User: {caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);
        if (!state.Accounts.TryGetValue(match.Groups[1].Value, out var target) || !target.AcceptsRoleSessions)
        {
            throw denied;
        }

        if (!target.Roles.TryGetValue(match.Groups[2].Value, out var role) || !role.TrustedAccounts.Contains(caller.Account.Id))
        {
            throw denied;
        }

        if (role.ExternalId is not null && call.Param("ExternalId") != role.ExternalId)
        {
            throw denied;
        }

        if (caller.Kind == CallerKind.AssumedRole && duration > 3600)
        {
            throw Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }

        if (duration > role.MaxSessionDurationSeconds)
        {
            throw Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        var session = state.StartRoleSession(target, role, sessionName, duration);
        return XmlOut.Response(call.Operation, Namespace, call.RequestId, xml => WriteRoleSession(xml, session));
    }

    /// <summary>AssumedRoleUser and Credentials, as AssumeRole and AssumeRoleWithWebIdentity both answer them.</summary>
    private static void WriteRoleSession(XmlOut xml, RoleSession session)
    {
        xml.Open("AssumedRoleUser").Leaf("AssumedRoleId", session.AssumedRoleId).Leaf("Arn", session.Arn).Close("AssumedRoleUser");
        xml.Open("Credentials")
            .Leaf("AccessKeyId", session.AccessKeyId)
            .Leaf("SecretAccessKey", session.SecretAccessKey)
            .Leaf("SessionToken", session.SessionToken)
            .Leaf("Expiration", session.Expiration)
            .Close("Credentials");
    }

    /// <summary>
    /// GetSessionToken for an IAM user's (or root's) long-term key, as AWS answers it: DurationSeconds 900–129600
    /// (default 43200; root at most 3600); session credentials cannot ask (AccessDenied). With SerialNumber the user's
    /// MFA device (scenario <c>mfa</c>) must have that serial and TokenCode must be its one valid code, else AccessDenied;
    /// the session is then MFA-authenticated (aws:MultiFactorAuthPresent).
    /// </summary>
    private string GetSessionToken(AwsCall call)
    {
        var caller = call.Caller;
        if (caller.Kind is CallerKind.AssumedRole || caller.UserSession is not null)
        {
            throw new AwsErrorException("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
        }

        if (caller.Kind == CallerKind.Admin || (caller.Kind == CallerKind.Root))
        {
            throw new AwsErrorException("AccessDenied", "The emulator issues session tokens to the scenario's IAM users only.", 403);
        }

        var duration = 43200;
        if (call.Param("DurationSeconds") is { } durationText)
        {
            if (!int.TryParse(durationText, NumberStyles.Integer, CultureInfo.InvariantCulture, out duration))
            {
                throw Validation($"1 validation error detected: Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must be a number");
            }

            if (duration < 900 || duration > 129600)
            {
                throw Validation($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value {(duration < 900 ? "greater than or equal to 900" : "less than or equal to 129600")}");
            }
        }

        var user = caller.User!;
        var serial = call.Param("SerialNumber");
        var code = call.Param("TokenCode");
        if (code is not null && !TokenCodePattern().IsMatch(code))
        {
            throw Validation($"1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*");
        }

        var mfa = false;
        if (serial is not null || code is not null)
        {
            if (serial is null || code is null)
            {
                throw new AwsErrorException("AccessDenied", "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.", 403);
            }

            if (user.Mfa is not { } device || !string.Equals(device.SerialNumber, serial, StringComparison.Ordinal))
            {
                throw new AwsErrorException("AccessDenied", "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.", 403);
            }

            if (!string.Equals(device.TokenCode, code, StringComparison.Ordinal))
            {
                throw new AwsErrorException("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", 403);
            }

            mfa = true;
        }

        var session = state.StartUserSession(user, mfa, duration);
        return XmlOut.Response(call.Operation, Namespace, call.RequestId, xml => xml.Open("Credentials")
            .Leaf("AccessKeyId", session.AccessKeyId)
            .Leaf("SecretAccessKey", session.SecretAccessKey)
            .Leaf("SessionToken", session.SessionToken)
            .Leaf("Expiration", session.Expiration)
            .Close("Credentials"));
    }

    [GeneratedRegex(@"^[0-9]{6}$")]
    private static partial Regex TokenCodePattern();

    private static string GetCallerIdentity(AwsCall call)
    {
        var caller = call.Caller;
        return XmlOut.Response(call.Operation, Namespace, call.RequestId, xml => xml.Leaf("UserId", caller.UserId).Leaf("Account", caller.Account.Id).Leaf("Arn", caller.Arn));
    }
}
