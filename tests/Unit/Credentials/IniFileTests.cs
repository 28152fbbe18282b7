using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Credentials;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>The shared-config INI dialect, as botocore reads it.</summary>
public sealed class IniFileTests
{
    private static IReadOnlyDictionary<string, string> Section(string text, string name)
    {
        Assert.True(IniFile.Parse("test.ini", text).TryGetSection(name, out var settings), $"no [{name}]");
        return settings;
    }

    [Fact]
    public void Comments_blank_lines_and_spaces_around_equals_are_ignored()
    {
        var settings = Section("# top\n\n[dev]\n; note\n  aws_access_key_id   =   AKIAEXAMPLE  \nregion=eu-west-1\n", "dev");
        Assert.Equal("AKIAEXAMPLE", settings["aws_access_key_id"]);
        Assert.Equal("eu-west-1", settings["region"]);
        Assert.Equal(2, settings.Count);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_section_names_are_not()
    {
        var file = IniFile.Parse("test.ini", "[Dev]\nAWS_Access_Key_ID = A\n");
        Assert.True(file.TryGetSection("Dev", out var settings));
        Assert.Equal("A", settings["aws_access_key_id"]);
        Assert.False(file.TryGetSection("dev", out _));
    }

    [Fact]
    public void Profile_headers_with_extra_spaces_name_the_same_profile()
    {
        var settings = Section("[  profile   dev ]\nregion = us-west-2\n", "profile dev");
        Assert.Equal("us-west-2", settings["region"]);
    }

    [Fact]
    public void Indented_sub_settings_stay_out_of_the_top_level()
    {
        var settings = Section("[profile dev]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\nregion = us-west-2\n", "profile dev");
        Assert.Equal("", settings["s3"]);
        Assert.Equal("us-west-2", settings["region"]);
        Assert.False(settings.ContainsKey("max_concurrent_requests"));
    }

    [Fact]
    public void Values_keep_equals_signs_hashes_and_quotes_and_CRLF_is_read()
    {
        var settings = Section("[p]\r\naws_secret_access_key = abc/def+ghi==\r\ncredential_process = /bin/tool --name \"x y\" #not-a-comment\r\n", "p");
        Assert.Equal("abc/def+ghi==", settings["aws_secret_access_key"]);
        Assert.Equal("/bin/tool --name \"x y\" #not-a-comment", settings["credential_process"]);
    }

    [Fact]
    public void A_missing_file_is_empty()
    {
        var file = IniFile.Load(Path.Combine(Path.GetTempPath(), "ikh-no-such-" + Guid.NewGuid().ToString("N")));
        Assert.Empty(file.SectionNames);
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
        var error = Assert.Throws<AwsConfigurationException>(() => IniFile.Parse("creds", text));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("creds line", error.Message);
    }
}
