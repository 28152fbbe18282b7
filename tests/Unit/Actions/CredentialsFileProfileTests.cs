using IamKeyHygiene.Engine.Actions;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Actions;

public sealed class CredentialsFileProfileTests
{
    [Fact]
    public void Only_the_profiles_two_values_change_and_CRLF_comments_and_spacing_survive()
    {
        var text = "# top\r\n[a]\r\naws_access_key_id = OLD1\r\naws_secret_access_key=OLDSECRET1\r\n\r\n; b's\r\n[b]\r\naws_access_key_id = OLD2\r\naws_secret_access_key = OLDSECRET2";

        var rewritten = CredentialsFileProfile.Rewrite(text, "b", "NEW2", "NEWSECRET2");

        Assert.Equal(text.Replace("OLD2", "NEW2").Replace("OLDSECRET2", "NEWSECRET2"), rewritten);
        Assert.Equal("OLD1", CredentialsFileProfile.Read(rewritten, "a").AccessKeyId);
    }

    [Fact]
    public void A_profile_without_both_lines_cannot_be_rewritten()
    {
        Assert.Throws<InvalidOperationException>(() => CredentialsFileProfile.Rewrite("[a]\naws_access_key_id = X\n", "a", "N", "S"));
        Assert.Null(CredentialsFileProfile.Read("[a]\naws_access_key_id = X\n", "b").AccessKeyId);
    }
}
