using Amazon.Runtime;
using IamKeyHygiene.Engine.Aws;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>Profiles from real files in a temp home: locations, overrides, static and session keys, errors.</summary>
public sealed class ProfileTests
{
    private static readonly TestKeys Dev = TestKeys.Make("dev");
    private static readonly TestKeys Env = TestKeys.Make("env");
    private static readonly TestKeys Default = TestKeys.Make("default");

    [Fact]
    public void A_missing_named_profile_is_an_error_even_when_default_and_environment_credentials_exist()
    {
        using var home = new TestHome();
        home.Credentials($"[default]\naws_access_key_id = {Default.AccessKeyId}\naws_secret_access_key = {Default.SecretKey}")
            .Env("AWS_ACCESS_KEY_ID", Env.AccessKeyId).Env("AWS_SECRET_ACCESS_KEY", Env.SecretKey);

        var error = Assert.Throws<AwsConfigurationException>(() =>
            AwsConnection.Resolve(home.Options(o => o.ProfileName = "prod-audit"), new MemoryLog()));

        Assert.Contains("'prod-audit'", error.Message);
        Assert.Contains(home.CredentialsPath, error.Message);
        Assert.Contains(home.ConfigPath, error.Message);
        AssertNoSecret(error.Message, Default, Env);
    }

    [Fact]
    public void A_missing_profile_named_by_AWS_PROFILE_is_an_error_not_a_fall_through_to_default()
    {
        using var home = new TestHome();
        home.Credentials($"[default]\naws_access_key_id = {Default.AccessKeyId}\naws_secret_access_key = {Default.SecretKey}")
            .Env("AWS_PROFILE", "gone");

        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(), new MemoryLog()));

        Assert.Contains("'gone' (AWS_PROFILE)", error.Message);
    }

    [Fact]
    public void A_missing_profile_named_by_StoredAWSCredentials_is_an_error()
    {
        using var home = new TestHome();
        home.Credentials($"[default]\naws_access_key_id = {Default.AccessKeyId}\naws_secret_access_key = {Default.SecretKey}");

        var error = Assert.Throws<AwsConfigurationException>(() =>
            AwsConnection.Resolve(home.Options(o => o.StoredCredentials = "gone"), new MemoryLog()));

        Assert.Contains("'gone' ($StoredAWSCredentials)", error.Message);
    }

    [Fact]
    public void StoredAWSCredentials_holding_a_profile_name_uses_that_profile_and_its_region()
    {
        using var home = new TestHome();
        home.Credentials($"[dev]\naws_access_key_id = {Dev.AccessKeyId}\naws_secret_access_key = {Dev.SecretKey}")
            .Config("[profile dev]\nregion = eu-north-1");

        var connection = AwsConnection.Resolve(home.Options(o => o.StoredCredentials = "dev"), new MemoryLog());

        Assert.Equal("stored session credentials (profile dev)", connection.CredentialSource);
        Assert.Equal(Dev.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
        Assert.Equal(("eu-north-1", "profile dev"), (connection.Region, connection.RegionSource));
    }

    [Fact]
    public void Session_token_profiles_give_session_credentials()
    {
        var keys = TestKeys.Make("sess", session: true);
        using var home = new TestHome();
        home.Credentials($"[sess]\naws_access_key_id={keys.AccessKeyId}\naws_secret_access_key={keys.SecretKey}\naws_session_token={keys.SessionToken}");

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "sess"), new MemoryLog());

        var credentials = connection.Credentials.GetCredentials();
        Assert.IsType<SessionAWSCredentials>(connection.Credentials);
        Assert.Equal((keys.AccessKeyId, keys.SecretKey, keys.SessionToken), (credentials.AccessKey, credentials.SecretKey, credentials.Token));
    }

    [Fact]
    public void The_credentials_file_wins_over_the_config_file_for_the_same_profile()
    {
        using var home = new TestHome();
        var configKeys = TestKeys.Make("cfg");
        home.Config($"[profile dev]\naws_access_key_id = {configKeys.AccessKeyId}\naws_secret_access_key = {configKeys.SecretKey}\nregion = us-west-2")
            .Credentials($"[dev]\naws_access_key_id = {Dev.AccessKeyId}\naws_secret_access_key = {Dev.SecretKey}");

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "dev"), new MemoryLog());

        Assert.Equal(Dev.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
        Assert.Equal("us-west-2", connection.Region);
    }

    [Fact]
    public void A_profile_only_in_the_config_file_is_found_under_its_profile_prefix()
    {
        using var home = new TestHome();
        home.Config($"# team profiles\n[profile dev]\n; keys below\naws_access_key_id = {Dev.AccessKeyId}\naws_secret_access_key = {Dev.SecretKey}\ns3 =\n  max_concurrent_requests = 10\nregion = ap-south-1");

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "dev"), new MemoryLog());

        Assert.Equal("profile dev", connection.CredentialSource);
        Assert.Equal(Dev.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
        Assert.Equal("ap-south-1", connection.Region);
    }

    [Fact]
    public void AWS_SHARED_CREDENTIALS_FILE_and_AWS_CONFIG_FILE_replace_the_home_files()
    {
        using var home = new TestHome();
        home.Credentials($"[dev]\naws_access_key_id = {Default.AccessKeyId}\naws_secret_access_key = {Default.SecretKey}");
        var elsewhere = Path.Combine(home.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "creds.ini"), $"[dev]\naws_access_key_id = {Dev.AccessKeyId}\naws_secret_access_key = {Dev.SecretKey}\n");
        File.WriteAllText(Path.Combine(elsewhere, "conf.ini"), "[profile dev]\nregion = me-south-1\n");
        home.Env("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(elsewhere, "creds.ini")).Env("AWS_CONFIG_FILE", Path.Combine(elsewhere, "conf.ini"));

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "dev"), new MemoryLog());

        Assert.Equal(Dev.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
        Assert.Equal("me-south-1", connection.Region);
    }

    [Fact]
    public void ProfileLocation_alone_reads_the_default_profile_of_that_file_and_its_sibling_config()
    {
        using var home = new TestHome();
        home.Credentials($"[default]\naws_access_key_id = {Default.AccessKeyId}\naws_secret_access_key = {Default.SecretKey}");
        var folder = Path.Combine(home.Root, "team");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "credentials"), $"[default]\naws_access_key_id = {Dev.AccessKeyId}\naws_secret_access_key = {Dev.SecretKey}\n");
        File.WriteAllText(Path.Combine(folder, "config"), "[default]\nregion = af-south-1\n");

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileLocation = Path.Combine(folder, "credentials")), new MemoryLog());

        Assert.Equal("profile default", connection.CredentialSource);
        Assert.Equal(Dev.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
        Assert.Equal(("af-south-1", "profile default"), (connection.Region, connection.RegionSource));
    }

    [Fact]
    public void ProfileLocation_with_a_name_missing_from_that_file_is_an_error_even_if_the_home_file_has_it()
    {
        using var home = new TestHome();
        home.Credentials($"[dev]\naws_access_key_id = {Default.AccessKeyId}\naws_secret_access_key = {Default.SecretKey}");
        var other = Path.Combine(home.Root, "other-credentials");
        File.WriteAllText(other, $"[ops]\naws_access_key_id = {Dev.AccessKeyId}\naws_secret_access_key = {Dev.SecretKey}\n");

        var error = Assert.Throws<AwsConfigurationException>(() =>
            AwsConnection.Resolve(home.Options(o => { o.ProfileName = "dev"; o.ProfileLocation = other; }), new MemoryLog()));

        Assert.Contains("'dev'", error.Message);
        Assert.Contains(other, error.Message);
    }

    [Fact]
    public void USERPROFILE_locates_the_files_when_HOME_is_not_set()
    {
        using var home = new TestHome();
        home.Environment.Remove("HOME");
        home.Env("USERPROFILE", home.Root)
            .Credentials($"[dev]\naws_access_key_id = {Dev.AccessKeyId}\naws_secret_access_key = {Dev.SecretKey}");

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "dev"), new MemoryLog());

        Assert.Equal(Dev.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
    }

    [Theory]
    [InlineData("[broken]\naws_access_key_id = AKIAONLYIDXXXXXXXXXX", "aws_access_key_id without aws_secret_access_key")]
    [InlineData("[broken]\nregion = us-east-1", "has no credentials")]
    [InlineData("[broken]\nrole_arn = arn:aws:iam::123456789012:role/R", "neither source_profile nor credential_source")]
    [InlineData("[broken]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = nowhere", "'nowhere' (source_profile of profile 'broken')")]
    [InlineData("[broken]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = loop\n[loop]\nrole_arn = arn:aws:iam::123456789012:role/S\nsource_profile = broken", "loop: broken -> loop -> broken")]
    [InlineData("[broken]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = broken\nmfa_serial = arn:aws:iam::123456789012:mfa/u", "never prompts")]
    [InlineData("[broken]\nrole_arn = arn:aws:iam::123456789012:role/R\ncredential_source = Somewhere", "credential_source 'Somewhere'")]
    [InlineData("[broken]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = broken\naws_access_key_id = AKIAX\naws_secret_access_key = s\nduration_seconds = 60", "duration_seconds '60'")]
    [InlineData("[broken\naws_access_key_id = AKIAX", "line 1")]
    [InlineData("[broken]\njust some words", "line 2")]
    public void Broken_profiles_say_what_is_wrong(string credentialsFile, string expected)
    {
        using var home = new TestHome();
        home.Credentials(credentialsFile);

        var error = Assert.Throws<AwsConfigurationException>(() =>
            AwsConnection.Resolve(home.Options(o => o.ProfileName = "broken"), new MemoryLog()));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_line_the_parser_rejects_is_located_but_never_quoted()
    {
        using var home = new TestHome();
        home.Credentials($"[dev]\n{Dev.SecretKey}");

        var error = Assert.Throws<AwsConfigurationException>(() =>
            AwsConnection.Resolve(home.Options(o => o.ProfileName = "dev"), new MemoryLog()));

        Assert.Contains("line 2", error.Message);
        AssertNoSecret(error.Message, Dev);
    }

    [Fact]
    public void SSO_profiles_resolve_to_IAM_Identity_Center_credentials_that_fetch_at_first_use()
    {
        using var home = new TestHome();
        home.Config("[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Audit\nregion = us-east-2\n" +
                    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1");
        var log = new MemoryLog();

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "sso"), log);

        Assert.Equal(("profile sso", "us-east-2"), (connection.CredentialSource, connection.Region));
        Assert.Contains("IAM Identity Center role 'Audit' in account 111122223333 of profile 'sso' (sso-session 'corp')", Assert.Single(log.DebugLines));
    }

    [Fact]
    public void An_SSO_profile_naming_a_missing_sso_session_says_so()
    {
        using var home = new TestHome();
        home.Config("[profile sso]\nsso_session = nowhere\nsso_account_id = 111122223333\nsso_role_name = Audit");

        var error = Assert.Throws<AwsConfigurationException>(() =>
            AwsConnection.Resolve(home.Options(o => o.ProfileName = "sso"), new MemoryLog()));

        Assert.Contains("[sso-session nowhere]", error.Message);
    }

    internal static void AssertNoSecret(string text, params TestKeys[] keys)
    {
        foreach (var k in keys)
            foreach (var secret in k.Secrets)
                Assert.DoesNotContain(secret, text);
    }
}
