using System.Net;
using System.Security;
using System.Text.Json;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>
/// The emulator's Slack workspace for channel tests (a bot token, three members, one channel), notices to send, and
/// the check that no token or webhook signature reached a log line or a delivery.
/// </summary>
internal static class SlackKit
{
    public const string BotToken = "xoxb-1111111111-2222222222-TESTBOTTOKENSECRET01";
    public const string RevokedToken = "xoxb-1111111111-2222222222-REVOKEDTOKENSECRET1";
    public const string WebhookSignature = "WEBHOOKSIGNATURESECRET42";
    public const string Alice = "U0ALICE01";
    public const string Bob = "U0BOB0001";
    public const string KeysChannel = "C0KEYS001";

    public static string Scenario => $$"""
        {
          "managementAccountId": "111111111111",
          "slack": {
            "botToken": "{{BotToken}}",
            "revokedTokens": [ "{{RevokedToken}}" ],
            "teamId": "T0TEST001",
            "members": [
              { "id": "{{Alice}}", "email": "alice@example.com", "realName": "Alice Example" },
              { "id": "{{Bob}}", "email": "Bob@Example.com", "name": "bob" },
              { "id": "W0CAROL01", "email": "carol@example.com" }
            ],
            "channels": [ { "id": "{{KeysChannel}}", "name": "key-hygiene" } ]
          }
        }
        """;

    public static Task<EmulatorHost> StartAsync() => EmulatorHost.StartFromJsonAsync(Scenario);

    public static SecureString Secure(string text)
    {
        var secure = new NetworkCredential("", text).SecurePassword;
        secure.MakeReadOnly();
        return secure;
    }

    public static NoticeChannelSettings Settings(EmulatorHost host, string token = BotToken, string? cachePath = null) => new()
    {
        SlackToken = Secure(token),
        SlackApiUrl = new Uri(host.Url + "/slack/api/"),
        SlackLookupCachePath = cachePath,
    };

    /// <summary>A webhook URL of the emulator with a signature in its path and query, as real ones carry.</summary>
    public static Uri Webhook(EmulatorHost host, string kind) =>
        new($"{host.Url}/webhooks/{kind}/T0TEST/B0HOOK/{WebhookSignature}?api-version=1&sig={WebhookSignature}");

    public static NoticeRecipient Owner(string? email = null, string? slackId = null) =>
        new(NoticeRecipientKind.Owner, email, slackId, "Owner", null, "en", null);

    public static NoticeRecipient Channel(NoticeRecipientKind kind, string channel) => new(kind, null, null, null, channel, "en", null);

    public static readonly DateTimeOffset DeleteDate = new(2026, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A key the run just disabled: it is deleted on <see cref="DeleteDate"/>.</summary>
    public static NoticeKey DisabledKey(string accessKeyId = "AKIAEXAMPLEKEY00WXYZ") => new(
        new KeyFinding
        {
            AccountId = "333333333333", AccountName = "prod", UserName = "bob", AccessKeyId = accessKeyId, Status = "Active",
            AgeDays = 91, Stage = "Disable", NextStage = "Delete", NextStageDate = DeleteDate.AddDays(-5),
        },
        new KeyActionRecord
        {
            AccountId = "333333333333", UserName = "bob", AccessKeyId = accessKeyId, Action = "Disable", Outcome = KeyActionOutcome.Done,
            NextStage = "Delete", NextStageDate = DeleteDate,
        });

    public static NoticeMessage Message(NoticeRecipient recipient, params NoticeKey[] keys) =>
        new(recipient, "Your access key was disabled", "We disabled 1 key of yours today.\n\nRotate it with Invoke-AccessKeyRotation -Self.", keys, "en");

    /// <summary>Records the waits a channel asks for, and waits not at all (unless told to cancel).</summary>
    public sealed class Waits
    {
        public List<TimeSpan> Asked { get; } = new();

        public Task Delay(TimeSpan wait, CancellationToken cancellationToken)
        {
            Asked.Add(wait);
            cancellationToken.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }
    }

    public static async Task<JsonElement[]> MessagesAsync(EmulatorHost host) =>
        (await host.ControlAsync(HttpMethod.Get, "slack/messages")).GetProperty("messages").EnumerateArray().ToArray();

    public static async Task<JsonElement[]> WebhooksAsync(EmulatorHost host, string kind) =>
        (await host.ControlAsync(HttpMethod.Get, "webhooks?kind=" + kind)).GetProperty("webhooks").EnumerateArray().ToArray();

    public static int Calls(EmulatorHost host, string operation)
    {
        var snapshot = JsonSerializer.SerializeToElement(host.Runtime.Calls.Snapshot());
        return snapshot.GetProperty("byOperation").TryGetProperty(operation, out var count) ? count.GetInt32() : 0;
    }

    /// <summary>No token and no webhook path or signature in what people can read.</summary>
    public static void AssertNoSecret(params string?[] texts)
    {
        foreach (var text in texts.Where(t => t != null))
        {
            Assert.DoesNotContain(BotToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(RevokedToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(WebhookSignature, text, StringComparison.Ordinal);
            Assert.DoesNotContain("/webhooks/", text, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"xox[a-z]-[0-9]", text);
        }
    }
}
