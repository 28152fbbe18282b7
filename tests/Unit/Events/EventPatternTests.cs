using System.Text.Json.Nodes;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Events;

/// <summary>samples/eventbridge: every file is valid JSON; the templates' rules carry event-pattern.json, which matches the
/// sample event and not its near misses, by EventBridge's documented content filtering (<see cref="EventPattern"/>); the
/// central bus lets the organization put events; both templates are for us-east-1.</summary>
public sealed class EventPatternTests
{
    private static JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(Repository.Path("samples", "eventbridge", file)))!;

    private static JsonNode Pattern => Load("event-pattern.json");

    [Fact]
    public void Every_sample_is_valid_JSON()
    {
        var files = Directory.GetFiles(Repository.Path("samples", "eventbridge"), "*.json");

        Assert.Equal(8, files.Length);
        Assert.All(files, file => Assert.NotNull(JsonNode.Parse(File.ReadAllText(file))));
    }

    [Theory]
    [InlineData("member-forward-rule.template.json", "ForwardRule")]
    [InlineData("central-bus.template.json", "NewKeyRule")]
    public void Both_rules_use_the_pattern_and_both_templates_refuse_any_Region_but_us_east_1(string template, string rule)
    {
        var document = Load(template);

        Assert.Equal("AWS::Events::Rule", document["Resources"]![rule]!["Type"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Pattern, document["Resources"]![rule]!["Properties"]!["EventPattern"]));
        var assertion = document["Rules"]!["OnlyInUsEast1"]!["Assertions"]![0]!["Assert"]!["Fn::Equals"]!;
        Assert.Equal("AWS::Region", assertion[0]!["Ref"]!.GetValue<string>());
        Assert.Equal("us-east-1", assertion[1]!.GetValue<string>());
    }

    [Fact]
    public void The_member_rule_targets_the_central_bus_through_a_role_that_may_only_put_events_there()
    {
        var resources = Load("member-forward-rule.template.json")["Resources"]!;
        var target = resources["ForwardRule"]!["Properties"]!["Targets"]![0]!;

        Assert.Equal("default", resources["ForwardRule"]!["Properties"]!["EventBusName"]!.GetValue<string>());
        Assert.Equal("CentralEventBusArn", target["Arn"]!["Ref"]!.GetValue<string>());
        Assert.Equal("ForwardRole", target["RoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        var role = resources["ForwardRole"]!["Properties"]!;
        Assert.Equal("events.amazonaws.com", role["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]!.GetValue<string>());
        var allowed = role["Policies"]![0]!["PolicyDocument"]!["Statement"]![0]!;
        Assert.Equal(("events:PutEvents", "CentralEventBusArn"), (allowed["Action"]!.GetValue<string>(), allowed["Resource"]!["Ref"]!.GetValue<string>()));
    }

    [Fact]
    public void The_central_bus_lets_every_account_of_the_organization_put_events_and_nobody_else()
    {
        var template = Load("central-bus.template.json")["Resources"]!["EventBusPolicy"]!["Properties"]!["Statement"]!;
        var plain = Load("central-bus-policy.json")["Statement"]![0]!;

        foreach (var statement in new[] { template, plain })
        {
            Assert.Equal(("Allow", "*", "events:PutEvents"),
                (statement["Effect"]!.GetValue<string>(), statement["Principal"]!.GetValue<string>(), statement["Action"]!.GetValue<string>()));
            Assert.NotNull(statement["Condition"]!["StringEquals"]!["aws:PrincipalOrgID"]);
        }

        Assert.Equal("OrganizationId", template["Condition"]!["StringEquals"]!["aws:PrincipalOrgID"]!["Ref"]!.GetValue<string>());
        Assert.Matches("^o-[a-z0-9]{10,32}$", plain["Condition"]!["StringEquals"]!["aws:PrincipalOrgID"]!.GetValue<string>());
        Assert.Matches("^arn:aws:events:us-east-1:\\d{12}:event-bus/key-hygiene$", plain["Resource"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("create-access-key-event.json", null)]
    [InlineData("create-access-key-event.sns.json", "Message")]
    [InlineData("create-access-key-event.webhookdata.json", "RequestBody")]
    public void The_pattern_matches_the_sample_event_as_each_wrapper_carries_it(string file, string? carriedIn)
    {
        var sample = Load(file);
        var envelope = carriedIn == null ? sample : JsonNode.Parse(sample[carriedIn]!.GetValue<string>())!;

        Assert.True(EventPattern.Matches(Pattern, envelope));
    }

    [Theory]
    [InlineData("source", "aws.sts")]
    [InlineData("detail-type", "AWS Console Sign In via CloudTrail")]
    [InlineData("detail.eventSource", "sts.amazonaws.com")]
    [InlineData("detail.eventName", "CreateUser")]
    [InlineData("detail.eventName", "createaccesskey")]
    [InlineData("detail.errorCode", "AccessDenied")]
    [InlineData("-detail.eventName", null)]
    public void The_pattern_does_not_match_a_near_miss(string path, string? value)
    {
        var envelope = Load("create-access-key-event.json");
        var remove = path.StartsWith('-');
        var names = path.TrimStart('-').Split('.');
        var parent = names.Take(names.Length - 1).Aggregate(envelope, (node, name) => node[name]!).AsObject();
        if (remove) parent.Remove(names[^1]);
        else parent[names[^1]] = value;

        Assert.False(EventPattern.Matches(Pattern, envelope));
    }

    [Fact]
    public void The_matcher_follows_EventBridges_rules_for_arrays_and_exists()
    {
        var pattern = JsonNode.Parse("""{"a": ["x", "y"], "b": {"c": [{"exists": true}], "d": [{"exists": false}]}}""")!;

        Assert.True(EventPattern.Matches(pattern, JsonNode.Parse("""{"a": "y", "b": {"c": 1}, "e": 2}""")!));
        Assert.True(EventPattern.Matches(pattern, JsonNode.Parse("""{"a": ["z", "x"], "b": {"c": "q"}}""")!)); // an array value: any element
        Assert.False(EventPattern.Matches(pattern, JsonNode.Parse("""{"a": "z", "b": {"c": 1}}""")!));
        Assert.False(EventPattern.Matches(pattern, JsonNode.Parse("""{"a": "x", "b": {"c": 1, "d": 0}}""")!));
        Assert.False(EventPattern.Matches(pattern, JsonNode.Parse("""{"a": "x", "b": {}}""")!));
        Assert.False(EventPattern.Matches(pattern, JsonNode.Parse("""{"b": {"c": 1}}""")!));
    }
}

/// <summary>
/// EventBridge's content filtering, for the parts the samples use (Amazon EventBridge User Guide, "Event patterns" and
/// "Content filtering in Amazon EventBridge event patterns"): every field the pattern names must match; a pattern
/// object descends into the event's object of that name; a pattern array matches when the event's value (or, for an
/// array value, any of its elements) equals one of its exact values, case-sensitively; <c>{"exists": true|false}</c>
/// asks for the field's presence or absence. Fields the pattern does not name are ignored.
/// </summary>
internal static class EventPattern
{
    public static bool Matches(JsonNode pattern, JsonNode? @event)
    {
        if (@event is not JsonObject fields) return false;
        foreach (var (name, expected) in pattern.AsObject())
        {
            fields.TryGetPropertyValue(name, out var actual);
            var present = fields.ContainsKey(name);
            switch (expected)
            {
                case JsonObject nested:
                    if (!present || !Matches(nested, actual)) return false;
                    break;
                case JsonArray choices:
                    if (!choices.Any(choice => MatchesOne(choice, present, actual))) return false;
                    break;
                default:
                    throw new NotSupportedException($"pattern field {name} is neither an object nor an array");
            }
        }

        return true;
    }

    private static bool MatchesOne(JsonNode? choice, bool present, JsonNode? actual)
    {
        if (choice is JsonObject filter)
        {
            if (filter.Count == 1 && filter.TryGetPropertyValue("exists", out var exists)) return exists!.GetValue<bool>() == present;
            throw new NotSupportedException($"content filter {filter.ToJsonString()}");
        }

        if (!present) return false;
        var values = actual is JsonArray array ? array.ToList() : new List<JsonNode?> { actual };
        return values.Any(value => JsonNode.DeepEquals(value, choice));
    }
}
