using IamKeyHygiene.Engine.Policy.Json;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>An owner's notice language and time zone: from the owners file (validated) or the user's language and
    /// time-zone tags; the file's win over the tags.</summary>
    public class OwnerPreferencesTests
    {
        private static string Owners(string ownerFields) => $@"[
  {{ ""match"": ""111122223333"",
    ""owner"": {{ ""email"": ""hanako@example.com"", {ownerFields} }} }}
]";

        [Fact]
        public void The_owners_file_gives_language_and_time_zone()
        {
            var owner = Judge(Key(TimeSpan.FromDays(85)), PolicyFromJson("{}", ownersJson: Owners(@"""language"": ""JA"", ""timeZone"": ""Asia/Tokyo"""))).Owner!;
            Assert.Equal("ja", owner.Language);
            Assert.Equal("Asia/Tokyo", owner.TimeZone);
        }

        [Fact]
        public void A_language_without_templates_is_an_error_naming_the_line_and_field()
        {
            var e = Assert.Throws<PolicyValidationException>(() => PolicyFromJson("{}", ownersJson: Owners(@"""language"": ""fr""")));
            Assert.Equal(3, e.Line);
            Assert.Equal("[0].owner.language", e.FieldPath);
            Assert.Contains("'fr' has no notice templates; use one of en, ja", e.Problem);
        }

        [Fact]
        public void A_time_zone_this_machine_does_not_know_is_an_error()
        {
            var e = Assert.Throws<PolicyValidationException>(() => PolicyFromJson("{}", ownersJson: Owners(@"""timeZone"": ""Mars/Olympus_Mons""")));
            Assert.Equal("[0].owner.timeZone", e.FieldPath);
            Assert.Contains("'Mars/Olympus_Mons' is not a time zone", e.Problem);
        }

        [Fact]
        public void The_user_tags_give_them_when_the_owner_does_not()
        {
            var key = Key(TimeSpan.FromDays(85)).WithTags(("owner", "taro@example.com"), ("language", "ja"), ("time-zone", "Asia/Tokyo"));
            var owner = Judge(key).Owner!;
            Assert.Equal(("ja", "Asia/Tokyo"), (owner.Language, owner.TimeZone));
        }

        [Fact]
        public void The_owners_file_wins_over_tags_and_a_bad_tag_is_ignored()
        {
            var policy = PolicyFromJson("{}", ownersJson: Owners(@"""language"": ""en"""));
            var key = Key(TimeSpan.FromDays(85)).WithTags(("language", "ja"), ("time-zone", "Nowhere/Atlantis"));
            var owner = Judge(key, policy).Owner!;
            Assert.Equal("en", owner.Language);
            Assert.Null(owner.TimeZone);
        }
    }
}
