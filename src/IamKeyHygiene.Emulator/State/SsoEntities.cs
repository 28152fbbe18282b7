namespace IamKeyHygiene.Emulator.State;

/// <summary>An OIDC client registration (what RegisterClient would return): the pair CreateToken checks.</summary>
public sealed class SsoClientRecord
{
    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    public required DateTimeOffset RegistrationExpiresAt { get; init; }

    public override string ToString() => $"SsoClient {ClientId}";
}

/// <summary>One user's sign-in to the access portal: the account roles it may use and the client it signed in with.</summary>
public sealed class SsoSignIn
{
    public required string UserName { get; init; }

    public required SsoClientRecord Client { get; init; }

    public required IReadOnlyList<SsoAssignment> Assignments { get; init; }

    public bool IsAssigned(AccountState account, RoleRecord role) =>
        Assignments.Any(a => ReferenceEquals(a.Account, account) && ReferenceEquals(a.Role, role));

    public override string ToString() => $"SsoSignIn {UserName}";
}

public sealed record SsoAssignment(AccountState Account, RoleRecord Role);

/// <summary>A bearer access token of a sign-in; it expires on the data clock.</summary>
public sealed class SsoAccessToken
{
    public required string Token { get; init; }

    public required SsoSignIn SignIn { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public override string ToString() => $"SsoAccessToken of {SignIn.UserName}";
}
