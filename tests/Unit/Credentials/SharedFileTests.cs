using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Credentials;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>
/// The shared-config INI dialect, as botocore reads it: AWSSDK.Core's profile reader behind the module's
/// validating pre-pass (SharedFileCheck), through SharedConfigFiles as production reads them.
/// </summary>
public sealed class SharedFileTests
{
    /// <summary>The text as a credentials file (plain section names) or a config file ("profile NAME" sections).</summary>
    private static SharedConfigFiles Files(string text, bool asConfig = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ikh-ini-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, asConfig ? "config" : "credentials");
        File.WriteAllText(path, text);
        return asConfig ? new SharedConfigFiles(null, path) : new SharedConfigFiles(path, null);
    }

    private static SharedProfile Section(string text, string name, bool asConfig = false)
    {
        Assert.True(Files(text, asConfig).TryGetProfile(name, out var profile), $"no [{name}]");
        return profile;
    }

    [Fact]
    public void Comments_blank_lines_and_spaces_around_equals_are_ignored()
    {
        var settings = Section("# top\n\n[dev]\n; note\n  aws_access_key_id   =   AKIAEXAMPLE  \nregion=eu-west-1\n", "dev");
        Assert.Equal("AKIAEXAMPLE", settings.Get("aws_access_key_id"));
        Assert.Equal("eu-west-1", settings.Get("region"));
        Assert.Equal(2, settings.Count);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_section_names_are_not()
    {
        var file = Files("[Dev]\nAWS_Access_Key_ID = A\n");
        Assert.True(file.TryGetProfile("Dev", out var settings));
        Assert.Equal("A", settings.Get("aws_access_key_id"));
        Assert.False(file.TryGetProfile("dev", out _));
    }

    [Fact]
    public void Profile_headers_with_extra_spaces_name_the_same_profile()
    {
        var settings = Section("[  profile   dev ]\nregion = us-west-2\n", "dev", asConfig: true);
        Assert.Equal("us-west-2", settings.Get("region"));
    }

    [Fact]
    public void Indented_sub_settings_stay_out_of_the_top_level()
    {
        var settings = Section("[profile dev]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\nregion = us-west-2\n", "dev", asConfig: true);
        Assert.True(settings.Contains("s3"));
        Assert.Equal("us-west-2", settings.Get("region"));
        Assert.False(settings.Contains("max_concurrent_requests"));
    }

    [Fact]
    public void Values_keep_equals_signs_hashes_and_quotes_and_CRLF_is_read()
    {
        var settings = Section("[p]\r\naws_secret_access_key = abc/def+ghi==\r\ncredential_process = /bin/tool --name \"x y\" #not-a-comment\r\n", "p");
        Assert.Equal("abc/def+ghi==", settings.Get("aws_secret_access_key"));
        Assert.Equal("/bin/tool --name \"x y\" #not-a-comment", settings.Get("credential_process"));
    }

    [Fact]
    public void A_missing_file_is_empty()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ikh-no-such-" + Guid.NewGuid().ToString("N"));
        var files = new SharedConfigFiles(missing, missing + "-config");
        Assert.Empty(files.ProfileNames());
        Assert.False(files.TryGetProfile("default", out _));
    }

    [Fact]
    public void A_services_section_gives_each_service_its_nested_settings()
    {
        var files = Files("[profile dev]\nservices = local\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:4566\niam =\n  endpoint_url = http://127.0.0.1:4567\n", asConfig: true);
        var services = files.GetServicesSection("local")!;
        Assert.Equal("http://127.0.0.1:4566", services["sts"]["endpoint_url"]);
        Assert.Equal("http://127.0.0.1:4567", services["iam"]["endpoint_url"]);
        Assert.Null(files.GetServicesSection("other"));
    }

    [Fact]
    public void Profile_names_come_from_both_files_without_sessions_or_services()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ikh-ini-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "credentials"), "[alpha]\nx = 1\n[default]\nx = 2\n");
        File.WriteAllText(Path.Combine(folder, "config"), "[default]\nregion = a\n[profile beta]\nregion = b\n[sso-session corp]\nsso_region = c\n[services local]\nsts =\n  endpoint_url = http://h\n");
        var files = new SharedConfigFiles(Path.Combine(folder, "credentials"), Path.Combine(folder, "config"));
        Assert.Equal(new[] { "alpha", "beta", "default" }, files.ProfileNames());
    }

    [Theory]
    [InlineData("key = value\n", "line 1")]
    [InlineData("[s]\nno equals here\n", "line 2")]
    [InlineData("[s\nk = v\n", "no closing")]
    [InlineData("[a]\nx = 1\n[b]\nz = 3\n[a]\ny = 2\n", "line 5: the section [a] appears twice")]
    [InlineData("[profile a]\nx = 1\n[profile  a]\ny = 2\n", "line 3: the section [profile a] appears twice")]
    [InlineData("[a]\nx = 1\nX = 2\n", "line 3: a key set earlier")]
    public void Malformed_lines_are_errors_that_give_the_line_number(string text, string expected)
    {
        var error = Assert.Throws<AwsConfigurationException>(() => SharedFileCheck.Validate("creds", text));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("creds line", error.Message);
        Assert.Throws<AwsConfigurationException>(() => Files(text));
    }
}
