using IamKeyHygiene.Engine.Policy;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    public class PolicyHashTests
    {
        [Fact]
        public void The_hash_is_sha256_hex_and_ignores_formatting_comments_and_field_order()
        {
            var a = PolicyFromJson("{\"warnAgeDays\":70,\"disableAgeDays\":85}");
            var b = PolicyFromJson("{\n  // reordered\n  \"disableAgeDays\": 85,\n  \"warnAgeDays\": 70\n}");
            Assert.Matches("^[0-9a-f]{64}$", a.Hash);
            Assert.Equal(a.Hash, b.Hash);
        }

        [Fact]
        public void A_file_that_spells_out_the_defaults_hashes_like_the_defaults_from_parameters()
        {
            var spelled = PolicyFromJson("{\"action\":\"disabledelete\",\"warnAgeDays\":80,\"disableAgeDays\":90,\"deleteAgeDays\":150,\"maxDisablePerRun\":25}");
            Assert.Equal(HygienePolicy.Default().Hash, spelled.Hash);
        }

        [Fact]
        public void Any_setting_rule_or_exemption_changes_the_hash()
        {
            var baseline = HygienePolicy.Default().Hash;
            var exemption = "[{\"accountId\":\"111122223333\",\"reason\":\"x\",\"approver\":\"y\",\"expires\":\"2026-12-31\"}]";
            var hashes = new[]
            {
                baseline,
                new PolicyParameters().Set(ThresholdField.RecoveryWindowDays, 11).Build().Hash,
                new PolicyParameters { MaxDeletePerRun = 24 }.Build().Hash,
                new PolicyParameters { Action = PolicyAction.Rotate }.Build().Hash,
                PolicyFromJson("{\"rules\":[{\"match\":{\"accountId\":\"111122223333\"},\"notifyOnly\":true}]}").Hash,
                PolicyFromJson("{}", exemption).Hash,
                PolicyFromJson("{}", ownersJson: "[{\"match\":\"/\",\"owner\":{\"email\":\"a@example.com\"}}]").Hash,
            };
            Assert.Equal(hashes.Length, hashes.Distinct().Count());
        }

        [Fact]
        public void Exemptions_and_owners_paths_in_the_policy_file_resolve_next_to_it()
        {
            using var dir = new TempFolder();
            Directory.CreateDirectory(Path.Combine(dir.Path, "sub"));
            dir.Write(Path.Combine("sub", "ex.json"), "[{\"accountId\":\"111122223333\",\"reason\":\"x\",\"approver\":\"y\",\"expires\":\"2026-12-31\"}]");
            dir.Write("own.json", "[{\"match\":\"/\",\"owner\":{\"email\":\"a@example.com\"}}]");
            var path = dir.Write("policy.json", "{\"exemptionsPath\":\"sub/ex.json\",\"ownersPath\":\"own.json\"}");

            var policy = PolicyFileReader.Load(path);

            Assert.Single(policy.Exemptions.Entries);
            Assert.Single(policy.Owners);
            Assert.Equal(path, policy.SourcePath);
        }

        [Fact]
        public void The_shipped_samples_load()
        {
            var samples = Repository.Path("samples", "policy");
            var policy = PolicyFileReader.Load(Path.Combine(samples, "policy.json"));
            Assert.NotEmpty(policy.Rules);
            Assert.NotEmpty(policy.Exemptions.Entries);
            Assert.NotEmpty(policy.Owners);
        }
    }
}
