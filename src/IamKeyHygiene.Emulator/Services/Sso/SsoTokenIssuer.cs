using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Emulator.Services.Sts;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Sso;

/// <summary>An access token with the refresh token issued beside it.</summary>
public sealed record IssuedSsoToken(SsoAccessToken Access, string RefreshToken);

/// <summary>
/// Signs users in without a browser: a scenario's <c>sso.tokens</c> and the control API's POST sso/tokens make a
/// sign-in (client, assignments, tokens); SSO-OIDC CreateToken refreshes one. Callers hold the state's lock.
/// </summary>
public static class SsoTokenIssuer
{
    /// <summary>Access tokens from a refresh live an hour, as IAM Identity Center's do.</summary>
    public const int RefreshedLifetimeSeconds = 3600;

    /// <summary>OIDC client registrations last 90 days, as RegisterClient's do.</summary>
    private static readonly TimeSpan RegistrationLifetime = TimeSpan.FromDays(90);

    public static IssuedSsoToken SignIn(EmulatorState state, SsoTokenSpec spec)
    {
        if (!StsService.IsValidSessionName(spec.UserName))
        {
            throw new ScenarioException($"sso token userName '{spec.UserName}' must be 2-64 characters of [\\w+=,.@-] (it names the role session).");
        }

        var assignments = spec.Assignments.Select(a => Resolve(state, a)).ToList();
        var name = state.Ids.NextName("sso");
        var signIn = new SsoSignIn { UserName = spec.UserName, Client = ClientFor(state, spec, name), Assignments = assignments };
        var refreshToken = spec.RefreshToken ?? state.Ids.SsoRefreshToken(name);
        if (!state.SsoRefreshTokens.TryAdd(refreshToken, signIn))
        {
            throw new ScenarioException("sso refreshToken is used twice.");
        }

        return new IssuedSsoToken(AddAccessToken(state, signIn, spec.AccessToken ?? state.Ids.SsoAccessToken(name), spec.ExpiresInSeconds), refreshToken);
    }

    /// <summary>A new access token (and refresh token) with the sign-in's assignments; the old refresh token stays valid.</summary>
    public static IssuedSsoToken Refresh(EmulatorState state, SsoSignIn signIn)
    {
        var name = state.Ids.NextName("sso");
        var refreshToken = state.Ids.SsoRefreshToken(name);
        state.SsoRefreshTokens.Add(refreshToken, signIn);
        return new IssuedSsoToken(AddAccessToken(state, signIn, state.Ids.SsoAccessToken(name), RefreshedLifetimeSeconds), refreshToken);
    }

    private static SsoAccessToken AddAccessToken(EmulatorState state, SsoSignIn signIn, string token, int lifetimeSeconds)
    {
        var access = new SsoAccessToken { Token = token, SignIn = signIn, ExpiresAt = ScenarioLoader.Whole(state.Clock.Now.AddSeconds(lifetimeSeconds)) };
        if (!state.SsoAccessTokens.TryAdd(token, access))
        {
            throw new ScenarioException("sso accessToken is used twice.");
        }

        return access;
    }

    /// <summary>A named client is shared by the tokens that name it (their secrets must agree); else a new one.</summary>
    private static SsoClientRecord ClientFor(EmulatorState state, SsoTokenSpec spec, string name)
    {
        if (spec.ClientId is { } clientId && state.SsoClients.TryGetValue(clientId, out var known))
        {
            return spec.ClientSecret is null || spec.ClientSecret == known.ClientSecret
                ? known
                : throw new ScenarioException($"sso client {clientId} is given two different clientSecrets.");
        }

        var client = new SsoClientRecord
        {
            ClientId = spec.ClientId ?? state.Ids.SsoClientId(name),
            ClientSecret = spec.ClientSecret ?? state.Ids.SsoClientSecret(name),
            RegistrationExpiresAt = ScenarioLoader.Whole(state.Clock.Now + RegistrationLifetime),
        };
        state.SsoClients.Add(client.ClientId, client);
        return client;
    }

    private static SsoAssignment Resolve(EmulatorState state, SsoAssignmentSpec spec)
    {
        if (!state.Accounts.TryGetValue(spec.AccountId, out var account))
        {
            throw new ScenarioException($"sso assignment: account '{spec.AccountId}' is not an account of the scenario.");
        }

        return account.Roles.TryGetValue(spec.RoleName, out var role)
            ? new SsoAssignment(account, role)
            : throw new ScenarioException($"sso assignment: account {spec.AccountId} has no role '{spec.RoleName}' (declare it in the account's roles).");
    }
}
