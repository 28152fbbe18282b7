using System.Net;
using System.Text;
using System.Text.Json;
using IamKeyHygiene.Emulator.Auth;
using IamKeyHygiene.Emulator.Control;
using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.Services.Iam;
using IamKeyHygiene.Emulator.Services.Organizations;
using IamKeyHygiene.Emulator.Services.SecretsManager;
using IamKeyHygiene.Emulator.Services.Sns;
using IamKeyHygiene.Emulator.Services.Ssm;
using IamKeyHygiene.Emulator.Services.Sso;
using IamKeyHygiene.Emulator.Services.Sts;
using Microsoft.AspNetCore.Http.Features;

namespace IamKeyHygiene.Emulator.Hosting;

/// <summary>
/// One URL for every service: a request is routed by its SigV4 credential scope's service, its X-Amz-Target
/// and its Action (or, for IAM Identity Center's unsigned restJson1 calls, by method and path); authenticated;
/// counted; given its injected faults; then answered in its wire protocol.
/// </summary>
public sealed class RequestPipeline
{
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private readonly EmulatorRuntime runtime;
    private readonly ControlApi control;

    public RequestPipeline(EmulatorRuntime runtime)
    {
        this.runtime = runtime;
        control = new ControlApi(runtime);
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/_emulator", out var rest))
        {
            await control.HandleAsync(context, rest.Value ?? string.Empty).ConfigureAwait(false);
            return;
        }

        if (SlackPipeline.Serves(context.Request.Path))
        {
            await SlackPipeline.HandleAsync(runtime, context).ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var request = ToSigV4Request(context, body);
        var unsigned = UnsignedOperation(context.Request.Method, context.Request.Path.Value ?? "/");
        var parsed = unsigned is null ? SigV4Verifier.Parse(request) : null;
        if (unsigned is null && S3Pipeline.Serves(parsed, request))
        {
            await S3Pipeline.HandleAsync(runtime, context, request, parsed!).ConfigureAwait(false);
            return;
        }

        var service = unsigned?.Service ?? RouteService(context, request, parsed!);
        var protocol = unsigned is not null ? WireProtocol.RestJson : service is "organizations" or "secretsmanager" or "ssm" ? WireProtocol.Json : WireProtocol.Query;
        var requestId = Guid.NewGuid().ToString();
        AwsCall? call = null;
        try
        {
            var world = runtime.World;
            if (unsigned is { } operation)
            {
                // No signature to check: the service checks the bearer token or client secret itself, after the faults.
                call = ParseRestJsonCall(context, request, operation, requestId);
                runtime.Calls.Count(call.OperationKey, call.Param("account_id") is { } accountId && world.State.Accounts.ContainsKey(accountId) ? accountId : null, CallCounter.Anonymous);
            }
            else
            {
                call = ParseCall(context, request, service, protocol, requestId, parsed!);
                if (parsed!.Signature is null && call.OperationKey == "sts:AssumeRoleWithWebIdentity")
                {
                    // Its own proof is the token: AWS takes it unsigned (the SDKs send it with anonymous credentials).
                    var roleAccount = StsService.TargetAccountOf(call.Param("RoleArn"));
                    runtime.Calls.Count(call.OperationKey, roleAccount is not null && world.State.Accounts.ContainsKey(roleAccount) ? roleAccount : null, CallCounter.Anonymous);
                }
                else
                {
                    call.Caller = Authenticator.Authenticate(world.State, request, parsed!, protocol);
                    runtime.Calls.Count(call.OperationKey, call.Caller.Account.Id, CallCounter.PrincipalOf(call.Caller));
                }
            }
            var decision = runtime.Faults.Decide(call.Service, call.Operation);
            if (await FaultSteps.BeforeAsync(runtime, decision, context, kind => kind switch
                {
                    FaultKind.Throttle => Throttled(protocol, service),
                    FaultKind.ServerError => ServerError(protocol),
                    FaultKind.LimitExceeded => new AwsErrorException("LimitExceeded", "Cannot exceed quota for this operation now. Try again later.", 409),
                    _ => null,
                }).ConfigureAwait(false))
            {
                return;
            }

            if (runtime.Faults.FailsPage(call.Service, call.Operation, PageNumber(call)))
            {
                throw ServerError(protocol);
            }

            if (call.OperationKey == "sts:AssumeRole" && StsService.TargetAccountOf(call.Param("RoleArn")) is { } target && runtime.Faults.DeniesAssumeRoleInto(target))
            {
                throw new AwsErrorException("AccessDenied", $"User: {call.Caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {call.Param("RoleArn")}", 403);
            }

            if (runtime.Faults.Denies(call))
            {
                throw ActionDenial.Refusal(call);
            }

            call.PageShape = runtime.Faults.PageShapeFor(call.Service, call.Operation);

            var answer = service switch
            {
                "iam" => world.Iam.Handle(call),
                "sts" => world.Sts.Handle(call),
                "sso" => world.SsoPortal.Handle(call),
                "sso-oidc" => world.SsoOidc.Handle(call),
                "secretsmanager" => world.SecretsManager.Handle(call),
                "sns" => world.Sns.Handle(call),
                "ssm" => world.Ssm.Handle(call),
                _ => world.Organizations.Handle(call),
            };

            if (await FaultSteps.AfterAsync(runtime, decision, context).ConfigureAwait(false))
            {
                return;
            }

            await WriteAsync(context, 200, protocol, requestId, answer).ConfigureAwait(false);
        }
        catch (AwsErrorException error)
        {
            await WriteErrorAsync(context, service, protocol, requestId, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (e.g. killed while held): nothing to answer.
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            // An emulator bug must still look like AWS to the client (a retryable 500), and be visible to whoever runs it.
            Console.Error.WriteLine($"emulator: {call?.OperationKey ?? service} failed: {ex.GetType().Name}: {ex.Message}");
            var code = protocol switch
            {
                WireProtocol.Json => "InternalFailure",
                WireProtocol.RestJson => "InternalServerException",
                _ => "ServiceFailure",
            };
            await WriteErrorAsync(context, service, protocol, requestId, new AwsErrorException(code, "An internal error occurred.", 500, senderFault: false)).ConfigureAwait(false);
        }
    }

    /// <summary>IAM Identity Center's unsigned operations, by method and path; null for every signed request.</summary>
    private static (string Service, string Operation)? UnsignedOperation(string method, string path) => (method, path) switch
    {
        ("GET", "/federation/credentials") => ("sso", "GetRoleCredentials"),
        ("POST", "/token") => ("sso-oidc", "CreateToken"),
        _ => null,
    };

    private static Task WriteErrorAsync(HttpContext context, string service, WireProtocol protocol, string requestId, AwsErrorException error)
    {
        var text = protocol switch
        {
            WireProtocol.Json => JsonOut.Error(error),
            WireProtocol.RestJson => service == "sso-oidc" ? SsoOidcService.ErrorBody(error) : SsoPortalService.ErrorBody(error),
            _ => XmlOut.Error(service switch { "sts" => StsService.Namespace, "sns" => SnsService.Namespace, _ => IamService.Namespace }, requestId, error),
        };
        if (protocol != WireProtocol.Query)
        {
            context.Response.Headers["x-amzn-ErrorType"] = error.Code;
        }

        return WriteAsync(context, error.Status, protocol, requestId, text);
    }

    private static int PageNumber(AwsCall call) =>
        PageToken.PageNumberOf(call.Protocol == WireProtocol.Json ? call.JsonString("NextToken") : call.Param("Marker"));

    private static AwsErrorException Throttled(WireProtocol protocol, string service) => protocol switch
    {
        WireProtocol.Json when service is "secretsmanager" or "ssm" => new AwsErrorException("ThrottlingException", "Rate exceeded", 400),
        WireProtocol.Json => new AwsErrorException("TooManyRequestsException", "AWS Organizations can't complete your request because another request is already in progress. Try again later.", 400),
        WireProtocol.RestJson => new AwsErrorException("TooManyRequestsException", "Too many requests", 429),
        _ => new AwsErrorException("Throttling", "Rate exceeded", 400),
    };

    private static AwsErrorException ServerError(WireProtocol protocol) => protocol switch
    {
        WireProtocol.Json => new AwsErrorException("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, senderFault: false),
        WireProtocol.RestJson => new AwsErrorException("InternalServerException", "An unexpected error occurred.", 500, senderFault: false),
        _ => new AwsErrorException("ServiceUnavailable", "Service is unable to handle request.", 503, senderFault: false),
    };

    private static async Task WriteAsync(HttpContext context, int status, WireProtocol protocol, string requestId, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = protocol switch
        {
            WireProtocol.Json => "application/x-amz-json-1.1",
            WireProtocol.RestJson => "application/json",
            _ => "text/xml",
        };
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BadHttpRequestException("Request body too large.", 413);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static SigV4Request ToSigV4Request(HttpContext context, byte[] body)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString);
        var question = rawTarget.IndexOf('?');
        var path = question < 0 ? rawTarget : rawTarget[..question];
        var query = question < 0 ? string.Empty : rawTarget[(question + 1)..];
        var headers = new List<KeyValuePair<string, string>>(context.Request.Headers.Count + 2);
        foreach (var header in context.Request.Headers)
        {
            foreach (var value in header.Value)
            {
                headers.Add(new(header.Key, value ?? string.Empty));
            }
        }

        return new SigV4Request(context.Request.Method, path, query, headers, body);
    }

    private static string RouteService(HttpContext context, SigV4Request request, SigV4ParseResult parsed)
    {
        if (parsed.Signature is { } signature && signature.Service is "iam" or "sts" or "organizations" or "secretsmanager" or "sns" or "ssm")
        {
            return signature.Service;
        }

        if (context.Request.Headers["X-Amz-Target"].ToString().StartsWith(OrganizationsService.TargetPrefix, StringComparison.Ordinal))
        {
            return "organizations";
        }

        if (context.Request.Headers["X-Amz-Target"].ToString().StartsWith(SecretsManagerService.TargetPrefix, StringComparison.Ordinal))
        {
            return "secretsmanager";
        }

        if (context.Request.Headers["X-Amz-Target"].ToString().StartsWith(SsmService.TargetPrefix, StringComparison.Ordinal))
        {
            return "ssm";
        }

        var action = FormParameters(context, request).GetValueOrDefault("Action");
        return action is not null && StsService.Operations.Contains(action) ? "sts" : "iam";
    }

    private static Dictionary<string, string> FormParameters(HttpContext context, SigV4Request request)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string text)
        {
            foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var key = WebUtility.UrlDecode(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? string.Empty : WebUtility.UrlDecode(pair[(eq + 1)..]);
                result.TryAdd(key, value);
            }
        }

        if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            Add(Encoding.UTF8.GetString(request.Body));
        }

        Add(request.RawQuery);
        return result;
    }

    private static AwsCall ParseCall(HttpContext context, SigV4Request request, string service, WireProtocol protocol, string requestId, SigV4ParseResult parsed)
    {
        var region = parsed.Signature?.Region ?? "us-east-1";
        if (protocol == WireProtocol.Json)
        {
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            var (prefix, operations) = service switch
            {
                "secretsmanager" => (SecretsManagerService.TargetPrefix, SecretsManagerService.Operations),
                "ssm" => (SsmService.TargetPrefix, SsmService.Operations),
                _ => (OrganizationsService.TargetPrefix, OrganizationsService.Operations),
            };
            var operation = target.StartsWith(prefix, StringComparison.Ordinal) ? target[prefix.Length..] : string.Empty;
            if (!operations.Contains(operation))
            {
                throw new AwsErrorException("UnknownOperationException", string.Empty, 400);
            }

            var json = ParseJson(request.Body, () => new AwsErrorException("SerializationException", "Start of structure or map found where not expected.", 400));
            return new AwsCall { Service = service, Operation = operation, Protocol = protocol, RequestId = requestId, Region = region, Json = json };
        }

        var parameters = FormParameters(context, request);
        var action = parameters.GetValueOrDefault("Action") ?? string.Empty;
        var (known, version) = service switch
        {
            "sts" => (StsService.Operations, "2011-06-15"),
            "sns" => (SnsService.Operations, SnsService.Version),
            _ => (IamService.Operations, "2010-05-08"),
        };
        if (!known.Contains(action))
        {
            throw new AwsErrorException("InvalidAction", $"Could not find operation {action} for version {version}", 400);
        }

        return new AwsCall { Service = service, Operation = action, Protocol = protocol, RequestId = requestId, Region = region, Params = parameters };
    }

    private static JsonElement ParseJson(byte[] body, Func<AwsErrorException> malformed)
    {
        if (body.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw malformed();
        }
    }

    /// <summary>A restJson1 call: query-string members, headers (the bearer token travels in one) and the JSON body.</summary>
    private static AwsCall ParseRestJsonCall(HttpContext context, SigV4Request request, (string Service, string Operation) operation, string requestId)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in context.Request.Query)
        {
            query[pair.Key] = pair.Value.ToString();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.FirstOrDefault() ?? string.Empty;
        }

        return new AwsCall
        {
            Service = operation.Service,
            Operation = operation.Operation,
            Protocol = WireProtocol.RestJson,
            RequestId = requestId,
            Region = "us-east-1",
            Params = query,
            Headers = headers,
            Json = ParseJson(request.Body, () => new AwsErrorException("InvalidRequestException", "The request body is not valid JSON.", 400)),
        };
    }
}
