using System.Text.Json;
using System.Text.Json.Serialization;
using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Emulator.Services.Sso;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Control;

/// <summary>The unsigned JSON control API under /_emulator/ (routes and shapes in the README).</summary>
public sealed class ControlApi
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    };

    private readonly EmulatorRuntime runtime;
    private readonly SlackControl slack;

    public ControlApi(EmulatorRuntime runtime)
    {
        this.runtime = runtime;
        slack = new SlackControl(runtime);
    }

    public async Task HandleAsync(HttpContext context, string route)
    {
        var method = context.Request.Method;
        route = route.Trim('/');
        try
        {
            object? result = (method, route) switch
            {
                ("GET", "health") => new { ready = true },
                ("GET", "admin-credentials") => AdminCredentials(),
                ("GET", "state") => State(context.Request.Query["account"].ToString()),
                ("POST", "reset") => Reset(),
                ("GET", "calls") => runtime.Calls.Snapshot(),
                ("DELETE", "calls") => ClearCalls(),
                ("GET", "clock") => Clock(),
                ("POST", "clock") => AdvanceClock(await ReadAsync<ClockRequest>(context).ConfigureAwait(false)),
                ("GET", "faults") => runtime.Faults.Current,
                ("POST", "faults") => SetFaults(await ReadAsync<FaultConfig>(context).ConfigureAwait(false)),
                ("DELETE", "faults") => ClearFaults(),
                ("GET", "secrets") => Secrets(),
                ("GET", "faults/counts") => new { counts = runtime.Faults.Counts(), waiting = runtime.Faults.Waiting },
                ("POST", "release") => new { released = runtime.Faults.Release() },
                ("GET", "settings") => Settings(),
                ("POST", "settings") => SetSettings(await ReadAsync<SettingsRequest>(context).ConfigureAwait(false)),
                ("POST", "sso/tokens") => SsoSignIn(await ReadAsync<SsoTokenSpec>(context).ConfigureAwait(false)),
                ("GET", "sns/messages") => SnsMessages(context.Request.Query["topicArn"].ToString()),
                ("DELETE", "sns/messages") => ClearSnsMessages(),
                ("GET", "slack") => slack.Workspace(),
                ("POST", "slack") => slack.Apply(await ReadAsync<SlackSpec>(context).ConfigureAwait(false)),
                ("POST", "slack/throttle") => slack.Throttle(await ReadAsync<SlackControl.ThrottleRequest>(context).ConfigureAwait(false)),
                ("GET", "slack/messages") => slack.Messages(),
                ("GET", "webhooks") => slack.Webhooks(context.Request.Query["kind"].ToString()),
                ("GET", "managed-identity/token") => ManagedIdentityToken(context.Request),
                _ => null,
            };
            if (result is null)
            {
                await WriteAsync(context, 404, new { error = $"no control route {method} /_emulator/{route}" }).ConfigureAwait(false);
                return;
            }

            await WriteAsync(context, 200, result).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or Scenario.ScenarioException)
        {
            await WriteAsync(context, 400, new { error = ex.Message }).ConfigureAwait(false);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpContext context)
        where T : new()
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? new T() : JsonSerializer.Deserialize<T>(text, Json) ?? new T();
    }

    private static async Task WriteAsync(HttpContext context, int status, object value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), Json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The scenario's admin credentials, for launchers (they may be derived when the scenario omits them).</summary>
    private object AdminCredentials()
    {
        var state = runtime.World.State;
        return new { accessKeyId = state.AdminAccessKeyId, secretAccessKey = state.AdminSecretAccessKey, accountId = state.ManagementAccountId };
    }

    private object Reset()
    {
        runtime.Reset();
        return new { reset = true, clock = Clock() };
    }

    private object ClearCalls()
    {
        runtime.Calls.Clear();
        return new { cleared = true };
    }

    private object ClearFaults()
    {
        runtime.Faults.Clear();
        return new { cleared = true };
    }

    private object SetFaults(FaultConfig config)
    {
        runtime.Faults.Set(config);
        return new { set = true };
    }

    /// <summary>A new IAM Identity Center sign-in; the answer has what `aws sso login` caches (times as it writes them).</summary>
    private object SsoSignIn(SsoTokenSpec spec)
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            var issued = SsoTokenIssuer.SignIn(state, spec);
            var signIn = issued.Access.SignIn;
            return new
            {
                accessToken = issued.Access.Token,
                expiresAt = CacheTime(issued.Access.ExpiresAt),
                expiresIn = spec.ExpiresInSeconds,
                refreshToken = issued.RefreshToken,
                clientId = signIn.Client.ClientId,
                clientSecret = signIn.Client.ClientSecret,
                registrationExpiresAt = CacheTime(signIn.Client.RegistrationExpiresAt),
                userName = signIn.UserName,
            };
        }
    }

    /// <summary>
    /// An Azure managed identity endpoint (IDENTITY_ENDPOINT, as Azure Automation sets it): the X-IDENTITY-HEADER
    /// header is required, the token's audience is <c>resource</c>, its subject <c>object_id</c> (else a fixed id).
    /// The token is the emulator's unsigned test token (<see cref="Services.Sts.WebIdentityToken"/>).
    /// </summary>
    private object ManagedIdentityToken(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.Headers["X-IDENTITY-HEADER"].ToString()))
        {
            throw new ArgumentException("the managed identity endpoint needs the X-IDENTITY-HEADER header");
        }

        var resource = request.Query["resource"].ToString();
        if (resource.Length == 0)
        {
            throw new ArgumentException("the managed identity endpoint needs ?resource=");
        }

        var objectId = request.Query["object_id"].ToString();
        var expires = runtime.Clock.WallNow.AddHours(1);
        var token = Services.Sts.WebIdentityToken.Issue(new(Services.Sts.WebIdentityToken.ManagedIdentityIssuer, resource,
            objectId.Length == 0 ? Services.Sts.WebIdentityToken.ManagedIdentitySubject : objectId, expires));
        return new Dictionary<string, string>
        {
            ["access_token"] = token,
            ["expires_on"] = expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
        };
    }

    private static string CacheTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private object Clock() => new
    {
        now = runtime.Clock.Now,
        wallNow = runtime.Clock.WallNow,
        offsetDays = runtime.Clock.Offset.TotalDays,
    };

    private object AdvanceClock(ClockRequest request)
    {
        runtime.Clock.Advance(request.AdvanceDays);
        return Clock();
    }

    private object Settings()
    {
        var settings = runtime.World.State.Settings;
        return new
        {
            lastUseLagMinutes = settings.LastUseLag.TotalMinutes,
            credentialReportGenerationSeconds = settings.CredentialReportGenerationTime.TotalSeconds,
            credentialReportExpiryHours = settings.CredentialReportExpiry.TotalHours,
            credentialReportQuotesCommas = settings.CredentialReportQuotesCommas,
            newKeyPropagationSeconds = settings.NewKeyPropagation.TotalSeconds,
        };
    }

    private object SetSettings(SettingsRequest request)
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            if (request.LastUseLagMinutes is { } lag)
            {
                state.Settings.LastUseLag = TimeSpan.FromMinutes(lag);
            }

            if (request.CredentialReportGenerationSeconds is { } generation)
            {
                state.Settings.CredentialReportGenerationTime = TimeSpan.FromSeconds(generation);
            }

            if (request.CredentialReportExpiryHours is { } expiry)
            {
                state.Settings.CredentialReportExpiry = TimeSpan.FromHours(expiry);
            }

            if (request.CredentialReportQuotesCommas is { } quotes)
            {
                state.Settings.CredentialReportQuotesCommas = quotes;
            }

            if (request.NewKeyPropagationSeconds is { } propagation)
            {
                state.Settings.NewKeyPropagation = propagation >= 0 ? TimeSpan.FromSeconds(propagation) : throw new ArgumentException("newKeyPropagationSeconds must not be negative.");
            }
        }

        return Settings();
    }

    /// <summary>Every message SNS accepted, in order (of one topic when asked), with its attributes.</summary>
    private object SnsMessages(string topicArn)
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            return new
            {
                messages = state.SnsMessages.Where(m => topicArn.Length == 0 || m.TopicArn == topicArn).Select(m => new
                {
                    messageId = m.MessageId,
                    topicArn = m.TopicArn,
                    subject = m.Subject,
                    message = m.Message,
                    messageAttributes = m.MessageAttributes.ToDictionary(a => a.Name, a => new { dataType = a.DataType, stringValue = a.StringValue, binaryValue = a.BinaryValue }),
                    timestamp = m.Timestamp,
                    publishedBy = m.PublishedBy,
                }).ToList(),
            };
        }
    }

    private object ClearSnsMessages()
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            state.SnsMessages.Clear();
        }

        return new { cleared = true };
    }

    /// <summary>Test-only: every secret issued or loaded, so a test can search its logs and outputs for them.</summary>
    private object Secrets()
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            return new { secrets = state.IssuedSecrets().ToList() };
        }
    }

    private object State(string accountId)
    {
        var state = runtime.World.State;
        lock (state.Sync)
        {
            if (accountId.Length > 0)
            {
                if (!state.Accounts.TryGetValue(accountId, out var account))
                {
                    throw new ArgumentException($"no account {accountId}");
                }

                return AccountDetails(state, account);
            }

            return new
            {
                managementAccountId = state.ManagementAccountId,
                delegatedAdministrator = state.DelegatedAdministratorId,
                organizationId = state.OrganizationId,
                rootId = state.RootId,
                accounts = state.Accounts.Count,
                accountIds = state.AccountList.Select(a => a.Id),
                organizationalUnits = state.Units.Count,
                users = state.AccountList.Sum(a => a.Users.Count),
                accessKeys = state.Keys.Count,
                sessions = state.Sessions.Count,
                secrets = state.Secrets.Count,
                snsTopics = state.SnsTopics.Count,
                snsMessages = state.SnsMessages.Count,
                ssmParameters = state.SsmParameters.Count,
                clock = Clock(),
            };
        }
    }

    private object AccountDetails(EmulatorState state, AccountState account)
    {
        var now = state.Clock.Now;
        return new
        {
            id = account.Id,
            name = account.Name,
            email = account.Email,
            state = account.State,
            parentId = account.ParentId,
            tags = account.Tags.ToDictionary(t => t.Key, t => t.Value),
            roles = account.Roles.Values.Select(r => new { name = r.Name, trustedAccounts = r.TrustedAccounts.Order(), externalIdRequired = r.ExternalId is not null, r.MaxSessionDurationSeconds }),
            rootAccessKeys = account.RootKeys.Select(k => KeyDetails(k, now)),
            credentialReport = account.Report is { } report ? new { generatedTime = report.GeneratedTime, ready = report.IsReady(state.Clock.WallNow, state.Settings.CredentialReportGenerationTime) } : null,
            secrets = state.Secrets.Values.Where(s => s.AccountId == account.Id).Select(SecretDetails),
            users = account.Users.Values.Select(u => new
            {
                name = u.Name,
                path = u.Path,
                arn = u.Arn,
                createDate = u.CreateDate,
                tags = u.Tags.ToDictionary(t => t.Key, t => t.Value),
                keys = u.Keys.Select(k => KeyDetails(k, now)),
            }),
        };
    }

    /// <summary>A secret's metadata and versions, never a value (values leave only through GetSecretValue).</summary>
    private static object SecretDetails(SecretRecord secret) => new
    {
        name = secret.Name,
        arn = secret.Arn,
        region = secret.Region,
        kmsKeyId = secret.KmsKeyId,
        description = secret.Description,
        tags = secret.Tags.ToDictionary(t => t.Key, t => t.Value),
        resourcePolicy = secret.ResourcePolicy,
        createdDate = secret.CreatedDate,
        versions = secret.Versions.Select(v => new { versionId = v.VersionId, stages = v.Stages, createdDate = v.CreatedDate }),
    };

    private static object KeyDetails(AccessKeyRecord key, DateTimeOffset now)
    {
        key.PromotePendingUse(now);
        return new
        {
            accessKeyId = key.AccessKeyId,
            status = key.Status,
            createDate = key.CreateDate,
            lastUsedDate = key.LastUsedDate,
            lastUsedService = key.LastUsedService,
            lastUsedRegion = key.LastUsedRegion,
            pendingUse = key.Pending is { } pending ? new { usedAt = pending.UsedAt, visibleAt = pending.VisibleAt } : null,
        };
    }

    private sealed class ClockRequest
    {
        public double AdvanceDays { get; set; }
    }

    private sealed class SettingsRequest
    {
        public double? LastUseLagMinutes { get; set; }

        public double? CredentialReportGenerationSeconds { get; set; }

        public double? CredentialReportExpiryHours { get; set; }

        public bool? CredentialReportQuotesCommas { get; set; }

        public double? NewKeyPropagationSeconds { get; set; }
    }
}
