using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>Owners: tags → e-mail user name → owners file (most specific) → unowned.</summary>
    public class OwnerResolutionTests
    {
        private const string Owners = @"[
  { ""match"": ""111122223333"", ""owner"": { ""email"": ""prod-admins@example.com"", ""name"": ""Prod admins"" } },
  { ""match"": ""/"", ""owner"": { ""email"": ""everyone@example.com"" } },
  { ""match"": ""/service/"", ""owner"": { ""slackId"": ""U0SERVICE"" } },
  { ""match"": ""/service/batch/"", ""owner"": { ""email"": ""batch@example.com"" } },
  { ""match"": ""arn:aws:iam::111122223333:user/service/batch/etl"", ""owner"": { ""email"": ""etl-lead@example.com"" } },
  { ""match"": ""AKIAAAAAAAAAAAAAAAA7"", ""owner"": { ""email"": ""key-owner@example.com"" } }
]";

        private static HygienePolicy Policy() => PolicyFromJson("{}", ownersJson: Owners);

        private static KeyObservation ServiceUser(string name, string path)
        {
            var key = Key(TimeSpan.FromDays(95));
            key.UserName = name;
            key.UserPath = path;
            key.UserArn = $"arn:aws:iam::111122223333:user{path}{name}";
            return key;
        }

        [Fact]
        public void An_owner_tag_with_an_email_comes_first()
        {
            var key = ServiceUser("etl", "/service/batch/").WithTags(("Owner", "hanako@example.com"), ("slack-id", "U0HANAKO"));
            var owner = Judge(key, Policy()).Owner!;
            Assert.Equal("hanako@example.com", owner.Email);
            Assert.Equal("U0HANAKO", owner.SlackId);
            Assert.Equal("tag:owner", owner.Source);
        }

        [Fact]
        public void A_slack_id_tag_alone_is_an_owner()
        {
            var key = ServiceUser("etl", "/service/batch/").WithTags(("slack-id", "U0ABCDEF1"));
            var owner = Judge(key, Policy()).Owner!;
            Assert.Null(owner.Email);
            Assert.Equal("U0ABCDEF1", owner.SlackId);
            Assert.Equal("tag:slack-id", owner.Source);
        }

        [Fact]
        public void The_configured_tag_keys_are_the_ones_read()
        {
            var policy = PolicyFromJson("{\"ownerTagKeys\":[\"team-email\"]}");
            var key = Key(TimeSpan.FromDays(95)).WithTags(("owner", "ignored@example.com"), ("team-email", "team@example.com"));
            Assert.Equal("tag:team-email", Judge(key, policy).Owner!.Source);
        }

        [Fact]
        public void A_user_name_that_is_an_email_comes_next()
        {
            var key = ServiceUser("taro@example.com", "/");
            var owner = Judge(key, Policy()).Owner!;
            Assert.Equal("taro@example.com", owner.Email);
            Assert.Equal("userName", owner.Source);
        }

        [Fact]
        public void A_name_only_tag_does_not_stop_the_search_for_a_contact()
        {
            var key = ServiceUser("taro@example.com", "/").WithTags(("owner", "Taro Yamada"));
            var owner = Judge(key, Policy()).Owner!;
            Assert.Equal("userName", owner.Source);
            Assert.Equal("Taro Yamada", owner.Name);
        }

        [Theory]
        [InlineData("etl", "/service/batch/", "AKIAAAAAAAAAAAAAAAA7", "key-owner@example.com")]
        [InlineData("etl", "/service/batch/", "AKIAAAAAAAAAAAAAAAA1", "etl-lead@example.com")]
        [InlineData("loader", "/service/batch/", "AKIAAAAAAAAAAAAAAAA1", "batch@example.com")]
        [InlineData("web", "/service/", "AKIAAAAAAAAAAAAAAAA1", null)]
        [InlineData("bob", "/", "AKIAAAAAAAAAAAAAAAA1", "everyone@example.com")]
        public void The_owners_file_match_is_the_most_specific(string user, string path, string keyId, string? email)
        {
            var key = ServiceUser(user, path);
            key.AccessKeyId = keyId;
            var owner = Judge(key, Policy()).Owner!;
            Assert.Equal(email, owner.Email);
            Assert.StartsWith("ownersFile:", owner.Source);
            if (email is null) Assert.Equal("U0SERVICE", owner.SlackId);
        }

        [Fact]
        public void The_account_entry_applies_when_nothing_narrower_matches()
        {
            var policy = PolicyFromJson("{}", ownersJson: "[{\"match\":\"111122223333\",\"owner\":{\"email\":\"prod-admins@example.com\"}}]");
            Assert.Equal("prod-admins@example.com", Judge(Key(TimeSpan.FromDays(95)), policy).Owner!.Email);
        }

        [Fact]
        public void Without_any_source_the_key_is_unowned_and_the_account_email_stays_available()
        {
            var key = Key(TimeSpan.FromDays(95));
            var verdict = Judge(key);
            Assert.Null(verdict.Owner);
            Assert.Equal("aws-prod@example.com", key.AccountEmail);
        }
    }
}
