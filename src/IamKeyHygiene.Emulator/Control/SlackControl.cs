using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Emulator.Services.Slack;

namespace IamKeyHygiene.Emulator.Control;

/// <summary>The control API's Slack and webhook routes: the directory, throttles, and what was received.</summary>
public sealed class SlackControl
{
    private readonly EmulatorRuntime runtime;

    public SlackControl(EmulatorRuntime runtime)
    {
        this.runtime = runtime;
    }

    /// <summary>The workspace as the Web API sees it, without the token.</summary>
    public object Workspace()
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            var slack = state.Slack;
            return new
            {
                teamId = slack.TeamId,
                botTokenSet = slack.BotToken is not null,
                members = slack.MembersById.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList(),
                channels = slack.ChannelsById.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList(),
                throttles = slack.Throttles.OrderBy(t => t.Key, StringComparer.Ordinal)
                    .Select(t => new { operation = t.Key, remaining = t.Value.Remaining, retryAfterSeconds = t.Value.RetryAfterSeconds, answered = t.Value.Answered })
                    .ToList(),
            };
        }
    }

    public object Apply(SlackSpec spec)
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            state.Slack.Apply(spec);
        }

        return Workspace();
    }

    /// <summary>"The next N calls of this method get HTTP 429 with Retry-After S": a Web API method
    /// ("chat.postMessage") or a webhook kind ("webhook:teams").</summary>
    public object Throttle(ThrottleRequest request)
    {
        var key = request.Method.Contains(':', StringComparison.Ordinal) ? request.Method : "slack:" + request.Method;
        var known = key.StartsWith("slack:", StringComparison.Ordinal)
            ? SlackWebApi.Methods.Contains(key["slack:".Length..])
            : key.StartsWith("webhook:", StringComparison.Ordinal) && WebhookReceiver.Kinds.Contains(key["webhook:".Length..]);
        if (!known || request.Count < 0 || request.RetryAfterSeconds < 0)
        {
            throw new ArgumentException($"throttle needs a method of {string.Join(", ", SlackWebApi.Methods)} or webhook:{string.Join("|", WebhookReceiver.Kinds)}, a count >= 0 and retryAfterSeconds >= 0; got '{request.Method}'.");
        }

        var state = runtime.World.State;
        lock (state.Sync)
        {
            state.Slack.Throttles[key] = new State.ThrottleRecord { Remaining = request.Count, RetryAfterSeconds = request.RetryAfterSeconds };
        }

        return Workspace();
    }

    public object Messages()
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            return new { messages = state.Slack.Messages.ToList() };
        }
    }

    public object Webhooks(string kind)
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            return new { webhooks = state.Slack.Webhooks.Where(w => kind.Length == 0 || w.Kind == kind).ToList() };
        }
    }

    public sealed class ThrottleRequest
    {
        public string Method { get; set; } = string.Empty;

        public int Count { get; set; } = 1;

        public int RetryAfterSeconds { get; set; } = 1;
    }
}
