using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Sso;

/// <summary>
/// The IAM Identity Center access portal (restJson1, unsigned: the caller proves itself with a bearer token):
/// GetRoleCredentials turns an access token into role credentials for an assigned account and role.
/// </summary>
public sealed class SsoPortalService
{
    public const string BearerTokenHeader = "x-amz-sso_bearer_token";
    private readonly EmulatorState state;

    public SsoPortalService(EmulatorState state)
    {
        this.state = state;
    }

    /// <summary>restJson1 error body: the code travels in x-amzn-ErrorType, the body carries only the message.</summary>
    public static string ErrorBody(AwsErrorException error) => JsonOut.Write(writer => writer.WriteString("message", error.Message));

    public string Handle(AwsCall call)
    {
        var accountId = call.Param("account_id");
        var roleName = call.Param("role_name");
        if (string.IsNullOrEmpty(accountId) || string.IsNullOrEmpty(roleName))
        {
            throw new AwsErrorException("InvalidRequestException", "account_id and role_name are required.", 400);
        }

        lock (state.Sync)
        {
            if (call.Header(BearerTokenHeader) is not { } token || !state.SsoAccessTokens.TryGetValue(token, out var access) || state.Clock.Now >= access.ExpiresAt)
            {
                throw new AwsErrorException("UnauthorizedException", "Session token not found or invalid", 401);
            }

            if (!state.Accounts.TryGetValue(accountId, out var account) || !account.Roles.TryGetValue(roleName, out var role))
            {
                throw new AwsErrorException("ResourceNotFoundException", $"No role {roleName} in account {accountId}.", 404);
            }

            if (!access.SignIn.IsAssigned(account, role) || !account.AcceptsRoleSessions)
            {
                throw new AwsErrorException("ForbiddenException", "No access", 403);
            }

            var session = state.StartRoleSession(account, role, access.SignIn.UserName, role.MaxSessionDurationSeconds);
            return JsonOut.Write(writer =>
            {
                writer.WriteStartObject("roleCredentials");
                writer.WriteString("accessKeyId", session.AccessKeyId);
                writer.WriteString("secretAccessKey", session.SecretAccessKey);
                writer.WriteString("sessionToken", session.SessionToken);
                writer.WriteNumber("expiration", session.Expiration.ToUnixTimeMilliseconds());
                writer.WriteEndObject();
            });
        }
    }
}
