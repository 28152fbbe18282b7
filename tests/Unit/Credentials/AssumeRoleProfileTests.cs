using IamKeyHygiene.Engine.Aws;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>
/// role_arn profiles against a local STS answering AssumeRole with the real XML layout; the endpoint comes
/// from AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or -EndpointUrl, as for every client, and AssumeRole goes
/// through the project's STS client (AwsClients.CreateSts: the one resolver, the one retry policy).
/// </summary>
public sealed class AssumeRoleProfileTests
{
    private static readonly TestKeys Source = TestKeys.Make("source");
    private const string RoleArn = "arn:aws:iam::444455556666:role/KeyHygieneAudit";

    private static TestHome HomeWithRoleProfile(string extra = "")
    {
        var home = new TestHome();
        home.Credentials($"[base]\naws_access_key_id = {Source.AccessKeyId}\naws_secret_access_key = {Source.SecretKey}");
        home.Config($"[profile audit]\nrole_arn = {RoleArn}\nsource_profile = base\nregion = eu-central-1\n{extra}");
        return home;
    }

    [Fact]
    public void AssumeRole_is_called_with_the_source_credentials_and_the_profile_settings()
    {
        var issued = TestKeys.Make("assumed", session: true);
        using var sts = new FakeSts(_ => issued);
        using var home = HomeWithRoleProfile("role_session_name = hygiene-run\nexternal_id = ext-123\nduration_seconds = 1800");
        home.Env("AWS_ENDPOINT_URL_STS", sts.Url);

        var log = new MemoryLog();
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "audit"), log);
        Assert.Empty(sts.Server.Requests); // nothing is fetched at resolve time
        var credentials = connection.Credentials.GetCredentials();

        Assert.Equal(("profile audit", "eu-central-1"), (connection.CredentialSource, connection.Region));
        Assert.Equal((issued.AccessKeyId, issued.SecretKey, issued.SessionToken), (credentials.AccessKey, credentials.SecretKey, credentials.Token));
        var request = Assert.Single(sts.Server.Requests);
        var form = FakeSts.ParseForm(request.BodyText);
        Assert.Equal("AssumeRole", form["Action"]);
        Assert.Equal("2011-06-15", form["Version"]);
        Assert.Equal(RoleArn, form["RoleArn"]);
        Assert.Equal("hygiene-run", form["RoleSessionName"]);
        Assert.Equal("ext-123", form["ExternalId"]);
        Assert.Equal("1800", form["DurationSeconds"]);
        Assert.Equal(Source.AccessKeyId, FakeSts.SigningKeyId(request));
        Assert.Contains("/eu-central-1/sts/aws4_request", request.Header("Authorization"));
        Assert.Contains($"role '{RoleArn}' of profile 'audit'", Assert.Single(log.DebugLines));
        ProfileTests.AssertNoSecret(log.Text, Source, issued);
    }

    [Fact]
    public void A_session_name_is_made_when_the_profile_has_none()
    {
        using var sts = new FakeSts(_ => TestKeys.Make("named", session: true));
        using var home = HomeWithRoleProfile();
        home.Env("AWS_ENDPOINT_URL", sts.Url);

        AwsConnection.Resolve(home.Options(o => o.ProfileName = "audit"), new MemoryLog()).Credentials.GetCredentials();

        var form = Assert.Single(sts.Calls("AssumeRole"));
        Assert.StartsWith("IamKeyHygiene-", form["RoleSessionName"]);
        Assert.False(form.ContainsKey("ExternalId"));
        Assert.False(form.ContainsKey("DurationSeconds"));
    }

    [Fact]
    public void The_EndpointUrl_parameter_beats_AWS_ENDPOINT_URL_STS()
    {
        using var right = new FakeSts(_ => TestKeys.Make("right", session: true));
        using var wrong = new FakeSts(_ => TestKeys.Make("wrong", session: true));
        using var home = HomeWithRoleProfile();
        home.Env("AWS_ENDPOINT_URL_STS", wrong.Url).Env("AWS_ENDPOINT_URL", wrong.Url);

        var connection = AwsConnection.Resolve(home.Options(o => { o.ProfileName = "audit"; o.EndpointUrl = right.Url; }), new MemoryLog());
        connection.Credentials.GetCredentials();

        Assert.Equal(right.Url, connection.EndpointUrl);
        Assert.Single(right.Calls("AssumeRole"));
        Assert.Empty(wrong.Server.Requests);
    }

    [Fact]
    public void AWS_ENDPOINT_URL_STS_beats_AWS_ENDPOINT_URL()
    {
        using var right = new FakeSts(_ => TestKeys.Make("right", session: true));
        using var wrong = new FakeSts(_ => TestKeys.Make("wrong", session: true));
        using var home = HomeWithRoleProfile();
        home.Env("AWS_ENDPOINT_URL_STS", right.Url).Env("AWS_ENDPOINT_URL", wrong.Url);

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "audit"), new MemoryLog());
        connection.Credentials.GetCredentials();

        Assert.Equal(wrong.Url, connection.EndpointUrl); // the general override in force, as the property reports it
        Assert.Single(right.Calls("AssumeRole"));
        Assert.Empty(wrong.Server.Requests);
    }

    [Fact]
    public void Roles_chain_through_source_profiles_that_are_roles_themselves()
    {
        var hop = TestKeys.Make("hop", session: true);
        var final = TestKeys.Make("final", session: true);
        using var sts = new FakeSts(form => form["RoleArn"].EndsWith("/Hop", StringComparison.Ordinal) ? hop : final);
        using var home = HomeWithRoleProfile();
        home.Config($"[profile chained]\nrole_arn = arn:aws:iam::777788889999:role/Final\nsource_profile = hop\n[profile hop]\nrole_arn = arn:aws:iam::444455556666:role/Hop\nsource_profile = base")
            .Env("AWS_ENDPOINT_URL", sts.Url);

        var credentials = AwsConnection.Resolve(home.Options(o => o.ProfileName = "chained"), new MemoryLog()).Credentials.GetCredentials();

        Assert.Equal(final.AccessKeyId, credentials.AccessKey);
        var requests = sts.Server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(("arn:aws:iam::444455556666:role/Hop", Source.AccessKeyId), (FakeSts.ParseForm(requests[0].BodyText)["RoleArn"], FakeSts.SigningKeyId(requests[0])));
        Assert.Equal(("arn:aws:iam::777788889999:role/Final", hop.AccessKeyId), (FakeSts.ParseForm(requests[1].BodyText)["RoleArn"], FakeSts.SigningKeyId(requests[1])));
    }

    [Fact]
    public void credential_source_Environment_assumes_the_role_with_the_environment_keys()
    {
        var envKeys = TestKeys.Make("envsource");
        using var sts = new FakeSts(_ => TestKeys.Make("fromenv", session: true));
        using var home = new TestHome();
        home.Config($"[profile ci]\nrole_arn = {RoleArn}\ncredential_source = Environment")
            .Env("AWS_ACCESS_KEY_ID", envKeys.AccessKeyId).Env("AWS_SECRET_ACCESS_KEY", envKeys.SecretKey)
            .Env("AWS_ENDPOINT_URL", sts.Url);

        AwsConnection.Resolve(home.Options(o => o.ProfileName = "ci"), new MemoryLog()).Credentials.GetCredentials();

        Assert.Equal(envKeys.AccessKeyId, FakeSts.SigningKeyId(Assert.Single(sts.Server.Requests)));
    }

    [Fact]
    public void An_STS_refusal_is_an_error_naming_the_role_the_code_and_the_request_id()
    {
        using var sts = new StubAwsServer(_ => StubReply.Xml(
            FakeSts.ErrorXml("AccessDenied", "User is not authorized to perform: sts:AssumeRole"), 403));
        using var home = HomeWithRoleProfile();
        home.Env("AWS_ENDPOINT_URL", sts.Url);
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "audit"), new MemoryLog());

        var error = Assert.Throws<AwsConfigurationException>(() => connection.Credentials.GetCredentials());

        Assert.Contains(RoleArn, error.Message);
        Assert.Contains("AccessDenied", error.Message);
        Assert.Contains("HTTP 403", error.Message);
        ProfileTests.AssertNoSecret(error.Message, Source);
    }

    [Fact]
    public void A_role_session_is_renewed_when_it_nears_expiry()
    {
        var calls = 0;
        using var sts = new FakeSts(_ => TestKeys.Make("renew" + Interlocked.Increment(ref calls), session: true),
            expiration: DateTime.UtcNow.AddMinutes(2));
        using var home = HomeWithRoleProfile();
        home.Env("AWS_ENDPOINT_URL", sts.Url);
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "audit"), new MemoryLog());

        var first = connection.Credentials.GetCredentials().AccessKey;
        var second = connection.Credentials.GetCredentials().AccessKey;

        Assert.NotEqual(first, second);
        Assert.Equal(2, sts.Calls("AssumeRole").Count());
    }

    [Fact]
    public void An_STS_endpoint_variable_that_is_not_a_URL_is_a_configuration_error()
    {
        using var home = HomeWithRoleProfile();
        home.Env("AWS_ENDPOINT_URL_STS", "localhost:4566");

        // Found before any AWS call: when the connection is resolved.
        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(o => o.ProfileName = "audit"), new MemoryLog()));

        Assert.Contains("AWS_ENDPOINT_URL_STS 'localhost:4566'", error.Message);
    }

    [Fact]
    public void Web_identity_profiles_call_AssumeRoleWithWebIdentity_unsigned_with_the_token_file_read_at_each_fetch()
    {
        var calls = 0;
        using var sts = new FakeSts(_ => TestKeys.Make("oidc" + Interlocked.Increment(ref calls), session: true), expiration: DateTime.UtcNow.AddMinutes(2));
        using var home = new TestHome();
        var tokenFile = Path.Combine(home.Root, "token");
        File.WriteAllText(tokenFile, "eyJ-first-token\n");
        home.Config($"[profile oidc]\nrole_arn = {RoleArn}\nweb_identity_token_file = {tokenFile}\nrole_session_name = ci").Env("AWS_ENDPOINT_URL_STS", sts.Url);
        var log = new MemoryLog();

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "oidc"), log);
        var first = connection.Credentials.GetCredentials();
        File.WriteAllText(tokenFile, "eyJ-rotated-token");
        var second = connection.Credentials.GetCredentials();

        Assert.Equal(TestKeys.Make("oidc1", session: true).AccessKeyId, first.AccessKey);
        Assert.Equal(TestKeys.Make("oidc2", session: true).AccessKeyId, second.AccessKey);
        var requests = sts.Server.Requests.ToArray();
        Assert.All(requests, r => Assert.Null(r.Header("Authorization")));
        var forms = requests.Select(r => FakeSts.ParseForm(r.BodyText)).ToArray();
        Assert.Equal(new[] { "eyJ-first-token", "eyJ-rotated-token" }, forms.Select(f => f["WebIdentityToken"]));
        Assert.All(forms, f => Assert.Equal(("AssumeRoleWithWebIdentity", RoleArn, "ci"), (f["Action"], f["RoleArn"], f["RoleSessionName"])));
        Assert.Contains("web identity role", Assert.Single(log.DebugLines));
        Assert.DoesNotContain("eyJ-", log.Text);
    }
}
