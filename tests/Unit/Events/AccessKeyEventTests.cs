using System.Text.Json;
using System.Text.Json.Nodes;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Events;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Events;

/// <summary>ConvertFrom-AccessKeyEvent's engine: a CloudTrail CreateAccessKey event, in each shape a runbook receives it,
/// becomes one NewKey finding; anything else is a non-terminating error with a stable id and no finding.</summary>
public sealed class AccessKeyEventTests
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 20, 0, TimeSpan.Zero);

    /// <summary>The four shapes, as shipped in samples/eventbridge.</summary>
    public static TheoryData<string> SampleFiles => new()
    {
        "create-access-key-event.json",
        "create-access-key-event.detail.json",
        "create-access-key-event.sns.json",
        "create-access-key-event.webhookdata.json",
    };

    internal static string Sample(string file = "create-access-key-event.json") => File.ReadAllText(Repository.Path("samples", "eventbridge", file));

    internal static HygienePolicy SamplePolicy() => PolicyService.ForScan(null, null, null, Repository.Path("samples", "policy", "owners.json"));

    internal static AccessKeyEventService Service(HygienePolicy? policy = null, string sessionName = "IamKeyHygiene")
        => new(policy ?? SamplePolicy(), EngineClock.Fixed(Now), sessionName);

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Each_shape_of_the_sample_gives_the_finding_of_the_CloudTrail_record(string file)
    {
        var finding = Service().Convert(Sample(file));

        Assert.Equal(Fingerprint(Service().Convert(Sample("create-access-key-event.detail.json"))), Fingerprint(finding));
        Assert.Equal(("NewKey", 2, "CloudTrail"), (finding.Stage, finding.Urgency, finding.Source));
        Assert.Empty(finding.Reasons);
        Assert.Equal(("111122223333", "ci-deployer", "arn:aws:iam::111122223333:user/ci-deployer", ""),
            (finding.AccountId, finding.UserName, finding.UserArn, finding.UserPath));
        Assert.Equal(("AKIA4EXAMPLENEWKEY01", "Active"), (finding.AccessKeyId, finding.Status));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 14, 3, TimeSpan.Zero), finding.CreateDate); // "Nov 30, 2026 9:14:03 AM"
        Assert.Equal((Now, 0), (finding.EvaluatedAt, finding.AgeDays!.Value));
        Assert.Equal(SamplePolicy().Hash, finding.PolicyHash);
        Assert.Equal(("prod-admins@example.com", "ownersFile:111122223333"), (finding.Owner!.Email, finding.Owner.Source));
        var creation = finding.CreationEvent!;
        Assert.Equal("d3a9b6c4-5e7f-4a1b-8c2d-3e4f5a6b7c8d", creation.EventId);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 14, 3, TimeSpan.Zero), creation.EventTime);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/maria.garcia@example.com", creation.CreatedBy);
        Assert.Equal(("AssumedRole", "maria.garcia@example.com"), (creation.CreatedByType, creation.RoleSessionName));
        Assert.Equal(("203.0.113.17", "us-east-1"), (creation.SourceIpAddress, creation.Region));
        Assert.StartsWith("aws-cli/2.22.4 ", creation.UserAgent);
    }

    [Fact]
    public void The_wrappers_carry_the_sample_envelope_and_the_envelope_carries_the_detail()
    {
        var envelope = JsonNode.Parse(Sample())!;
        Assert.True(JsonNode.DeepEquals(envelope["detail"], JsonNode.Parse(Sample("create-access-key-event.detail.json"))));
        Assert.True(JsonNode.DeepEquals(envelope, JsonNode.Parse(JsonNode.Parse(Sample("create-access-key-event.sns.json"))!["Message"]!.GetValue<string>())));
        Assert.True(JsonNode.DeepEquals(envelope, JsonNode.Parse(JsonNode.Parse(Sample("create-access-key-event.webhookdata.json"))!["RequestBody"]!.GetValue<string>())));
    }

    [Fact]
    public void Wrappers_nest_and_plain_values_read_as_their_JSON()
    {
        var expected = Fingerprint(Service().Convert(Sample()));
        var webhookOfSns = new JsonObject { ["WebhookName"] = "new-key", ["RequestBody"] = Sample("create-access-key-event.sns.json") }.ToJsonString();
        var quoted = JsonSerializer.Serialize(Sample()); // the test pane's WebhookData as a JSON string
        var plain = Plain(JsonNode.Parse(Sample("create-access-key-event.webhookdata.json"))); // what the cmdlet hands over

        Assert.Equal(expected, Fingerprint(Service().Convert(webhookOfSns)));
        Assert.Equal(expected, Fingerprint(Service().Convert(quoted)));
        Assert.Equal(expected, Fingerprint(Service().Convert(plain!)));
    }

    [Fact]
    public void A_user_creating_its_own_key_is_named_with_its_path_and_IAM_dates_in_ISO_form_are_read()
    {
        var own = Record(r =>
        {
            r["userIdentity"] = new JsonObject
            {
                ["type"] = "IAMUser", ["arn"] = "arn:aws:iam::111122223333:user/service/batch/nightly-etl", ["accountId"] = "111122223333",
                ["userName"] = "nightly-etl", ["principalId"] = "AIDAEXAMPLE",
            };
            r["requestParameters"] = null;
            r["responseElements"]!["accessKey"]!["userName"] = "nightly-etl";
            r["responseElements"]!["accessKey"]!["createDate"] = "2026-11-30T09:14:03Z";
        });

        var finding = Service().Convert(own);

        Assert.Equal(("nightly-etl", "arn:aws:iam::111122223333:user/service/batch/nightly-etl", "/service/batch/"),
            (finding.UserName, finding.UserArn, finding.UserPath));
        Assert.Equal("etl-lead@example.com", finding.Owner!.Email); // the owners file's user ARN entry
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 14, 3, TimeSpan.Zero), finding.CreateDate);
        Assert.Null(finding.CreationEvent!.RoleSessionName);
    }

    [Fact]
    public void Root_creating_a_key_for_itself_makes_a_root_key_whose_owner_is_the_account()
    {
        var root = Record(r =>
        {
            r["userIdentity"] = new JsonObject { ["type"] = "Root", ["arn"] = "arn:aws:iam::111122223333:root", ["accountId"] = "111122223333" };
            r["requestParameters"] = null;
            r["responseElements"]!["accessKey"]!.AsObject().Remove("userName");
        });

        var finding = Service().Convert(root);

        Assert.Equal(("<root_account>", "arn:aws:iam::111122223333:root"), (finding.UserName, finding.UserArn));
        Assert.Null(finding.Owner);
        Assert.Contains("root user", finding.Notes);
    }

    [Theory]
    [InlineData("IamKeyHygiene", "IamKeyHygiene", null, true)]
    [InlineData("key-rotation", "key-rotation", null, true)]
    [InlineData("key-rotation", "IamKeyHygiene", null, false)]
    [InlineData("maria.garcia@example.com", "IamKeyHygiene", "aws-sdk-dotnet-coreclr/IamKeyHygiene ua/2.1 os/linux#6.8 lang/.NET_Core#10.0.12 api/IAM", true)]
    [InlineData("maria.garcia@example.com", "IamKeyHygiene", "aws-sdk-dotnet-coreclr/4.0.101.10 ua/2.1 os/linux md/IamKeyHygieneFake", false)]
    public void A_key_the_modules_rotation_made_gets_CreatedByKeyHygiene(string session, string moduleSession, string? userAgent, bool made)
    {
        var json = Record(r =>
        {
            r["userIdentity"]!["arn"] = $"arn:aws:sts::111122223333:assumed-role/KeyHygieneAdmin/{session}";
            if (userAgent != null) r["userAgent"] = userAgent;
        });

        var finding = Service(sessionName: moduleSession).Convert(json);

        Assert.Equal(made ? new[] { "CreatedByKeyHygiene" } : Array.Empty<string>(), finding.Reasons);
        Assert.Equal("NewKey", finding.Stage);
        Assert.Equal(session, finding.CreationEvent!.RoleSessionName);
    }

    [Fact]
    public async Task The_user_agent_the_modules_IAM_client_sends_is_recognised_as_the_modules()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(
            "<CreateAccessKeyResponse><CreateAccessKeyResult><AccessKey><UserName>Bob</UserName><AccessKeyId>AKIAIOSFODNN7EXAMPLE</AccessKeyId>" +
            "<Status>Active</Status><SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey></AccessKey></CreateAccessKeyResult></CreateAccessKeyResponse>"));

        await Clients.Support.TestClients.Iam(server).CreateAccessKeyAsync("Bob", CancellationToken.None);

        var userAgent = Assert.Single(server.Requests).Header("User-Agent");
        Assert.True(KeyHygieneCaller.IsModuleUserAgent(userAgent), userAgent);
    }

    [Theory]
    [InlineData("CreateUser", "iam.amazonaws.com", null, "CreateUser from iam.amazonaws.com")]
    [InlineData("CreateAccessKey", "s3.amazonaws.com", null, "CreateAccessKey from s3.amazonaws.com")]
    [InlineData("CreateAccessKey", "iam.amazonaws.com", "LimitExceededException", "failed (LimitExceededException)")]
    public void Another_event_or_a_failed_call_is_NotACreateAccessKeyEvent_naming_the_event(string name, string source, string? errorCode, string says)
    {
        var json = Record(r =>
        {
            r["eventName"] = name;
            r["eventSource"] = source;
            if (errorCode != null)
            {
                r["errorCode"] = errorCode;
                r["responseElements"] = null;
            }
        });

        var error = Assert.Throws<EngineException>(() => Service().Convert(json));

        Assert.Equal((ErrorCatalog.NotACreateAccessKeyEvent.Id, "d3a9b6c4-5e7f-4a1b-8c2d-3e4f5a6b7c8d"), (error.ErrorId, error.Target));
        Assert.Contains(says, error.Message);
        Assert.False(ErrorCatalog.NotACreateAccessKeyEvent.Terminating);
    }

    [Fact]
    public void An_SNS_subscription_confirmation_is_not_an_event_and_is_named_by_its_message_id()
    {
        var confirmation = new JsonObject { ["Type"] = "SubscriptionConfirmation", ["MessageId"] = "165545c9-2a5c-472c-8df2-7ff2be2b3b1b", ["Message"] = "You have chosen to subscribe" };

        var error = Assert.Throws<EngineException>(() => Service().Convert(confirmation.ToJsonString()));

        Assert.Equal((ErrorCatalog.NotACreateAccessKeyEvent.Id, "165545c9-2a5c-472c-8df2-7ff2be2b3b1b"), (error.ErrorId, error.Target));
        Assert.Contains("SubscriptionConfirmation", error.Message);
    }

    [Theory]
    [InlineData("{\"detail-type\": \"AWS API Call via CloudTrail\", \"detail\": {", null, "not JSON (line 1")]
    [InlineData("{\"Records\": []}", null, "none of a CloudTrail record")]
    [InlineData("[1, 2]", null, "a JSON array")]
    [InlineData("{\"Type\": \"Notification\", \"MessageId\": \"m-1\", \"Message\": \"not json\"}", "m-1", "a JSON string is not JSON")]
    public void Unreadable_input_is_InvalidAccessKeyEvent_without_its_text(string json, string? target, string says)
    {
        var error = Assert.Throws<EngineException>(() => Service().Convert(json));

        Assert.Equal((ErrorCatalog.InvalidAccessKeyEvent.Id, target), (error.ErrorId, error.Target));
        Assert.Contains(says, error.Message);
        Assert.DoesNotContain("AWS API Call", error.Message);
    }

    [Theory]
    [InlineData("responseElements", "names no new key")]
    [InlineData("recipientAccountId", "names no account")]
    [InlineData("eventTime", "no eventTime")]
    public void A_CreateAccessKey_record_without_what_a_finding_needs_is_InvalidAccessKeyEvent(string removed, string says)
    {
        var json = Record(r =>
        {
            r.Remove(removed);
            r["userIdentity"]!.AsObject().Remove("accountId");
        });

        var error = Assert.Throws<EngineException>(() => Service().Convert(json));

        Assert.Equal((ErrorCatalog.InvalidAccessKeyEvent.Id, "d3a9b6c4-5e7f-4a1b-8c2d-3e4f5a6b7c8d"), (error.ErrorId, error.Target));
        Assert.Contains(says, error.Message);
    }

    [Fact]
    public void A_JSON_array_of_events_or_a_file_of_JSON_lines_gives_one_event_each()
    {
        var shapes = new[] { "create-access-key-event.json", "create-access-key-event.detail.json", "create-access-key-event.sns.json", "create-access-key-event.webhookdata.json" }.Select(f => Sample(f)).ToList();
        var expected = Fingerprint(Service().Convert(Sample()));
        var array = "[" + string.Join(",", shapes) + "]"; // an EventBridge batch, or Get-Content -Raw of one
        var jsonLines = string.Join("\n", shapes.Select(s => JsonNode.Parse(s)!.ToJsonString())) + "\n"; // one event a line
        var plainArray = JsonNode.Parse(array)!.AsArray().Select(e => e!.ToJsonString()).ToList(); // -InputObject @(...)

        foreach (var input in new object[] { array, jsonLines, plainArray })
        {
            var events = Service().EventsIn(input);
            Assert.Equal(4, events.Count);
            Assert.All(events, e => Assert.Equal(expected, Fingerprint(Service().Convert(e))));
        }

        Assert.Equal(new[] { Sample() }, Service().EventsIn(Sample())); // one pretty-printed event stays one
        var broken = Sample().Substring(0, Sample().Length / 2);
        Assert.Equal(new[] { broken }, Service().EventsIn(broken)); // and a broken one is one error, not one per line
    }

    /// <summary>The sample's CloudTrail record (detail), changed.</summary>
    internal static string Record(Action<JsonObject> change)
    {
        var record = JsonNode.Parse(Sample("create-access-key-event.detail.json"))!.AsObject();
        change(record);
        return record.ToJsonString();
    }

    /// <summary>Everything a finding says, as text to compare.</summary>
    internal static string Fingerprint(KeyFinding finding) => JsonSerializer.Serialize(finding);

    /// <summary>A JSON value as PowerShell's wrappers come off it in the cmdlet: dictionaries, lists and values.</summary>
    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            _ => v.GetValue<double>(),
        },
        _ => null,
    };
}
