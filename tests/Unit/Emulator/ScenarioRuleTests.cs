using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Emulator.State;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>The scenario loader refuses data AWS could never hold.</summary>
public sealed class ScenarioRuleTests
{
    [Theory]
    [InlineData("""{ "name": "alice", "keys": [ { "accessKeyId": "AKIAUSEDBEFOREMADE01", "ageDays": 10, "lastUsedDaysAgo": 10.5 } ] }""", "user alice, access key AKIAUSEDBEFOREMADE01")]
    [InlineData("""{ "name": "bob", "keys": [ { "ageDays": 95 }, { "accessKeyId": "AKIAUSEDBEFOREMADE02", "ageDays": 2, "lastUsedDaysAgo": 30 } ] }""", "user bob, access key AKIAUSEDBEFOREMADE02")]
    public void A_last_use_before_the_keys_creation_is_refused_naming_the_key(string user, string named)
    {
        var json = $$"""{ "managementAccountId": "111111111111", "accounts": [ { "id": "333333333333", "users": [ {{user}} ] } ] }""";

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Build(ScenarioDocument.Parse(json, "test"), new DataClock(TimeProvider.System)));

        Assert.Contains($"account 333333333333, {named}: lastUsedDaysAgo", error.Message, StringComparison.Ordinal);
        Assert.Contains("is before the key's creation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_key_used_before_its_creation_is_refused_and_a_use_at_creation_is_fine()
    {
        const string Template = """{ "managementAccountId": "111111111111", "accounts": [ { "id": "333333333333", "rootAccessKeys": [ { "accessKeyId": "AKIAROOTKEY000000001", "ageDays": 5, "lastUsedDaysAgo": LAST } ] } ] }""";

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Build(ScenarioDocument.Parse(Template.Replace("LAST", "6"), "root"), new DataClock(TimeProvider.System)));
        var state = ScenarioLoader.Build(ScenarioDocument.Parse(Template.Replace("LAST", "5"), "root"), new DataClock(TimeProvider.System));

        Assert.Contains("account 333333333333, the root user, access key AKIAROOTKEY000000001", error.Message, StringComparison.Ordinal);
        var key = state.Keys["AKIAROOTKEY000000001"];
        Assert.Equal(key.CreateDate, key.LastUsedDate);
    }

    [Fact]
    public void A_root_id_is_taken_as_given_and_one_that_is_not_a_root_id_is_refused()
    {
        const string Template = """{ "managementAccountId": "111111111111", "rootId": "ROOT", "accounts": [ { "id": "333333333333" } ] }""";

        var state = ScenarioLoader.Build(ScenarioDocument.Parse(Template.Replace("ROOT", "r-demo"), "root"), new DataClock(TimeProvider.System));
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Build(ScenarioDocument.Parse(Template.Replace("ROOT", "ou-demo"), "root"), new DataClock(TimeProvider.System)));

        Assert.Equal("r-demo", state.RootId);
        Assert.Contains("rootId 'ou-demo' is not a root id", error.Message, StringComparison.Ordinal);
    }
}
