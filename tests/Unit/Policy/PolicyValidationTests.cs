using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Engine.Policy.Owners;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>Every bad file is a PolicyValidationException naming the file, the line and the field.</summary>
    public class PolicyValidationTests
    {
        private static PolicyValidationException LoadPolicy(string json)
        {
            using var dir = new TempFolder();
            var path = dir.Write("policy.json", json);
            var e = Assert.Throws<PolicyValidationException>(() => PolicyFileReader.Load(path));
            Assert.Equal(path, e.SourcePath);
            Assert.StartsWith(path + ", line ", e.Message);
            return e;
        }

        private static void AssertNames(PolicyValidationException e, string name, int line, string field, string problem)
        {
            Assert.True(line == e.Line, $"{name}: expected line {line}, got {e.Message}");
            Assert.Equal(field, e.FieldPath);
            Assert.Contains(problem, e.Message);
            if (field.Length > 0) Assert.Contains($"field '{field}'", e.Message);
        }

        public static TheoryData<string, string, int, string, string> BadPolicies => new()
        {
            // name, json, line, field path, words in the problem
            { "malformed JSON", "{\n  \"warnAgeDays\": 80,\n  \"disableAgeDays\": 90\n  \"deleteAgeDays\": 150\n}", 4, "", "malformed JSON" },
            { "unknown field", "{\n  \"warnAgeDays\": 80,\n  \"disableAfterDays\": 90\n}", 3, "disableAfterDays", "unknown field" },
            { "wrong case hints the name", "{\n\n  \"WarnAgeDays\": 80\n}", 3, "WarnAgeDays", "did you mean 'warnAgeDays'" },
            { "negative threshold", "{\n  \"recoveryWindowDays\": -1\n}", 2, "recoveryWindowDays", "must not be negative" },
            { "string for a number", "{\n  \"warnAgeDays\": \"80\"\n}", 2, "warnAgeDays", "expected a whole number" },
            { "fraction for a number", "{\n  \"warnAgeDays\": 80.5\n}", 2, "warnAgeDays", "expected a whole number" },
            { "warn after disable", "{\n  \"disableAgeDays\": 90,\n  \"warnAgeDays\": 100\n}", 3, "warnAgeDays", "must not be greater than disableAgeDays" },
            { "disable after default delete", "{\n  \"action\": \"DisableDelete\",\n  \"disableAgeDays\": 160\n}", 3, "disableAgeDays", "must not be greater than deleteAgeDays" },
            { "unused warn after unused disable", "{\n  \"unusedWarnDays\": 100\n}", 2, "unusedWarnDays", "unusedWarnDays (100) must not be greater than unusedDisableDays (90)" },
            { "rotation out of order", "{\n  \"rotateAgeDays\": 90,\n  \"rotationDeactivateDays\": 120,\n  \"rotationDeleteDays\": 110\n}", 3, "rotationDeactivateDays", "must not be greater than rotationDeleteDays" },
            { "unknown action", "{\n  \"action\": \"Delete\"\n}", 2, "action", "not DisableDelete or Rotate" },
            { "bad percent", "{\n  \"maxDisablePercent\": 150\n}", 2, "maxDisablePercent", "between 0 and 100" },
            { "duplicate field", "{\n  \"warnAgeDays\": 80,\n  \"warnAgeDays\": 81\n}", 3, "warnAgeDays", "appears twice" },
            { "rule out of order against a default", "{\n  \"rules\": [\n    {\n      \"match\": { \"accountId\": \"111122223333\" },\n      \"warnAgeDays\": 95\n    }\n  ]\n}", 5, "rules[0].warnAgeDays", "must not be greater than disableAgeDays" },
            { "rule unknown field", "{\n  \"rules\": [ { \"match\": { \"accountId\": \"111122223333\" },\n    \"disableAgeDay\": 95 } ]\n}", 3, "rules[0].disableAgeDay", "unknown field" },
            { "rule bad OU", "{\n  \"rules\": [ { \"match\": {\n    \"organizationalUnitId\": \"sandbox\" }, \"notifyOnly\": true } ]\n}", 3, "rules[0].match.organizationalUnitId", "not an OU id" },
            { "rule without match", "{\n  \"rules\": [\n  { \"notifyOnly\": true } ]\n}", 3, "rules[0].match", "is required" },
            { "rule changes nothing", "{\n  \"rules\": [\n  { \"match\": { \"userPathPrefix\": \"/svc/\" } } ]\n}", 3, "rules[0]", "changes nothing" },
            { "rule bad path", "{\n  \"rules\": [ { \"match\": { \"userPathPrefix\": \"service\" },\n  \"notifyOnly\": true } ]\n}", 2, "rules[0].match.userPathPrefix", "start and end with '/'" },
            { "not an object", "[1, 2]", 1, "", "expected an object" },
        };

        [Theory]
        [MemberData(nameof(BadPolicies))]
        public void A_bad_policy_file_names_file_line_and_field(string name, string json, int line, string field, string problem)
        {
            AssertNames(LoadPolicy(json), name, line, field, problem);
        }

        [Fact]
        public void A_missing_policy_file_is_a_validation_error_naming_it()
        {
            var path = Path.Combine(Path.GetTempPath(), "no-such-policy-" + Guid.NewGuid().ToString("N") + ".json");
            var e = Assert.Throws<PolicyValidationException>(() => PolicyFileReader.Load(path));
            Assert.Contains(path, e.Message);
        }

        public static TheoryData<string, string, int, string, string> BadExemptions => new()
        {
            { "missing reason", "[\n  { \"accountId\": \"111122223333\", \"approver\": \"ciso\", \"expires\": \"2026-12-31\" }\n]", 2, "[0].reason", "is required" },
            { "missing approver", "[\n {\"accountId\":\"111122223333\",\"reason\":\"x\",\"approver\":\"y\",\"expires\":\"2026-12-31\"},\n {\"userArn\":\"arn:aws:iam::111122223333:user/bob\",\n  \"reason\":\"x\", \"expires\":\"2026-12-31\"}\n]", 3, "[1].approver", "is required" },
            { "missing expires", "[\n  { \"accessKeyId\": \"AKIAIOSFODNN7EXAMPLE\",\n    \"reason\": \"x\",\n    \"approver\": \"y\" }\n]", 2, "[0].expires", "is required" },
            { "bad expires", "[\n  { \"accountId\": \"111122223333\", \"reason\": \"x\", \"approver\": \"y\",\n    \"expires\": \"31/12/2026\" }\n]", 3, "[0].expires", "not an ISO-8601 date" },
            { "two selectors", "[\n  { \"accountId\": \"111122223333\", \"accessKeyId\": \"AKIAIOSFODNN7EXAMPLE\", \"reason\": \"x\", \"approver\": \"y\", \"expires\": \"2026-12-31\" }\n]", 2, "[0]", "exactly one" },
            { "no selector", "[\n  { \"reason\": \"x\", \"approver\": \"y\", \"expires\": \"2026-12-31\" }\n]", 2, "[0]", "needs one of" },
            { "bad account", "[\n  { \"accountId\": \"1234\", \"reason\": \"x\", \"approver\": \"y\", \"expires\": \"2026-12-31\" }\n]", 2, "[0].accountId", "12-digit" },
            { "unknown field", "[\n  { \"accountId\": \"111122223333\", \"reason\": \"x\", \"approver\": \"y\", \"expires\": \"2026-12-31\",\n    \"ticket\": \"SEC-1\" }\n]", 3, "[0].ticket", "unknown field" },
            { "empty reason", "[\n  { \"accountId\": \"111122223333\", \"reason\": \" \", \"approver\": \"y\", \"expires\": \"2026-12-31\" }\n]", 2, "[0].reason", "must not be empty" },
            { "object instead of list", "{ \"exemptions\": [] }", 1, "", "expected a JSON array" },
        };

        [Theory]
        [MemberData(nameof(BadExemptions))]
        public void A_bad_exemptions_file_names_file_line_and_field(string name, string json, int line, string field, string problem)
        {
            using var dir = new TempFolder();
            var path = dir.Write("exemptions.json", json);
            var e = Assert.Throws<PolicyValidationException>(() => ExemptionsFileReader.Load(path));
            AssertNames(e, name, line, field, problem);
            Assert.StartsWith(path, e.Message);
        }

        [Fact]
        public void A_bad_exemptions_file_fails_the_policy_load_too()
        {
            using var dir = new TempFolder();
            dir.Write("exemptions.json", "[ { \"accountId\": \"111122223333\" } ]");
            var policy = dir.Write("policy.json", "{ \"exemptionsPath\": \"exemptions.json\" }");
            var e = Assert.Throws<PolicyValidationException>(() => PolicyFileReader.Load(policy));
            Assert.EndsWith("exemptions.json", e.SourcePath);
            Assert.Equal("[0].reason", e.FieldPath);
        }

        [Theory]
        [InlineData("[ { \"match\": \"alice\", \"owner\": { \"email\": \"a@example.com\" } } ]", "[0].match", "neither")]
        [InlineData("[ { \"match\": \"/svc\", \"owner\": { \"email\": \"a@example.com\" } } ]", "[0].match", "neither")]
        [InlineData("[ { \"match\": \"/svc/\", \"owner\": { \"name\": \"Team\" } } ]", "[0].owner", "email or a slackId")]
        [InlineData("[ { \"match\": \"/svc/\", \"owner\": { \"email\": \"not-an-address\" } } ]", "[0].owner.email", "not an e-mail")]
        [InlineData("[ { \"match\": \"/svc/\", \"owner\": { \"mail\": \"a@example.com\" } } ]", "[0].owner.mail", "unknown field")]
        public void A_bad_owners_file_names_the_field(string json, string field, string problem)
        {
            using var dir = new TempFolder();
            var path = dir.Write("owners.json", json);
            var e = Assert.Throws<PolicyValidationException>(() => OwnersFileReader.Load(path));
            Assert.Equal(field, e.FieldPath);
            Assert.Equal(1, e.Line);
            Assert.Contains(problem, e.Message);
        }

        [Fact]
        public void Parameters_are_validated_like_a_file_and_name_the_parameter()
        {
            var negative = Assert.Throws<PolicyValidationException>(() => new PolicyParameters().Set(ThresholdField.WarnAgeDays, -5).Build());
            Assert.Equal("policy parameters, field 'WarnAgeDays': must not be negative; got -5.", negative.Message);
            Assert.Null(negative.SourcePath);

            var order = Assert.Throws<PolicyValidationException>(() => new PolicyParameters().Set(ThresholdField.DisableAgeDays, 200).Build());
            Assert.Equal("DisableAgeDays", order.FieldPath);
            Assert.Contains("DisableAgeDays (200) must not be greater than DeleteAgeDays (150)", order.Message);
        }

        [Fact]
        public void Comments_are_allowed_in_policy_files()
        {
            var policy = PolicyTestData.PolicyFromJson("{\n // seed 000\n \"warnAgeDays\": 70 /* earlier */\n}");
            Assert.Equal(70, policy.Defaults.WarnAgeDays);
        }
    }
}
