using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Sso;

/// <summary>
/// IAM Identity Center OIDC (restJson1, unsigned): CreateToken with the refresh_token grant only. The browser and
/// device flows (RegisterClient, StartDeviceAuthorization) are replaced by the scenario and the control API.
/// </summary>
public sealed class SsoOidcService
{
    public const string RefreshTokenGrant = "refresh_token";
    private readonly EmulatorState state;

    public SsoOidcService(EmulatorState state)
    {
        this.state = state;
    }

    /// <summary>OAuth 2.0 error body (<c>error</c>, <c>error_description</c>); the exception name travels in x-amzn-ErrorType.</summary>
    public static string ErrorBody(AwsErrorException error) => JsonOut.Write(writer =>
    {
        writer.WriteString("error", OAuthError(error.Code));
        writer.WriteString("error_description", error.Message);
    });

    private static string OAuthError(string code) => code switch
    {
        "InvalidClientException" => "invalid_client",
        "InvalidGrantException" => "invalid_grant",
        "UnsupportedGrantTypeException" => "unsupported_grant_type",
        "InvalidRequestException" => "invalid_request",
        "TooManyRequestsException" => "slow_down",
        _ => "server_error",
    };

    private static AwsErrorException InvalidRequest(string message) => new("InvalidRequestException", message, 400);

    public string Handle(AwsCall call)
    {
        var clientId = call.JsonString("clientId");
        var clientSecret = call.JsonString("clientSecret");
        var grantType = call.JsonString("grantType");
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret) || string.IsNullOrEmpty(grantType))
        {
            throw InvalidRequest("clientId, clientSecret and grantType are required.");
        }

        lock (state.Sync)
        {
            if (!state.SsoClients.TryGetValue(clientId, out var client) || client.ClientSecret != clientSecret || state.Clock.Now >= client.RegistrationExpiresAt)
            {
                throw new AwsErrorException("InvalidClientException", "Invalid client provided", 401);
            }

            if (grantType != RefreshTokenGrant)
            {
                throw new AwsErrorException("UnsupportedGrantTypeException", $"Unsupported grant type: {grantType} (the emulator serves {RefreshTokenGrant} only)", 400);
            }

            if (call.JsonString("refreshToken") is not { Length: > 0 } refreshToken)
            {
                throw InvalidRequest("refreshToken is required for the refresh_token grant.");
            }

            if (!state.SsoRefreshTokens.TryGetValue(refreshToken, out var signIn) || !ReferenceEquals(signIn.Client, client))
            {
                throw new AwsErrorException("InvalidGrantException", "Invalid refresh token provided", 400);
            }

            var issued = SsoTokenIssuer.Refresh(state, signIn);
            return JsonOut.Write(writer =>
            {
                writer.WriteString("accessToken", issued.Access.Token);
                writer.WriteString("tokenType", "Bearer");
                writer.WriteNumber("expiresIn", SsoTokenIssuer.RefreshedLifetimeSeconds);
                writer.WriteString("refreshToken", issued.RefreshToken);
            });
        }
    }
}
