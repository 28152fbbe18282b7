using System.Globalization;
using IamKeyHygiene.Emulator.Auth;
using IamKeyHygiene.Emulator.Control;
using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.Services.S3;

namespace IamKeyHygiene.Emulator.Hosting;

/// <summary>
/// S3's rest-xml requests (SigV4 scope service "s3"), path style only (/bucket/key): parsed, authenticated (the
/// path signed as sent, not normalised; x-amz-content-sha256 a hex hash of the body or UNSIGNED-PAYLOAD), counted,
/// given their faults (SlowDown for throttling, InternalError for 5xx), answered with S3's error document.
/// aws-chunked uploads (x-amz-content-sha256 STREAMING-…) are refused with NotImplemented: see the README.
/// </summary>
internal static class S3Pipeline
{
    public static bool Serves(SigV4ParseResult? parsed, SigV4Request request) =>
        parsed?.Signature?.Service == "s3" || (request.FirstHeader("x-amz-content-sha256")?.StartsWith("STREAMING-", StringComparison.Ordinal) ?? false);

    public static async Task HandleAsync(EmulatorRuntime runtime, HttpContext context, SigV4Request request, SigV4ParseResult parsed)
    {
        var requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        var isHead = HttpMethods.IsHead(context.Request.Method);
        try
        {
            if (request.FirstHeader("x-amz-content-sha256") is { } declared && declared.StartsWith("STREAMING-", StringComparison.Ordinal))
            {
                throw new AwsErrorException("NotImplemented",
                    "aws-chunked uploads are not served by this emulator: send the body whole (AWS SDKs: RequestChecksumCalculation WHEN_REQUIRED).", 501);
            }

            var world = runtime.World;
            var (bucket, key) = SplitPath(context.Request.Path.Value ?? "/");
            var query = context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
            var operation = S3Service.OperationOf(context.Request.Method, bucket, key, query);
            var call = new AwsCall { Service = "s3", Operation = operation, Protocol = WireProtocol.RestXml, RequestId = requestId, Region = parsed.Signature?.Region ?? "us-east-1" };
            call.Caller = S3Auth(() => Authenticator.Authenticate(world.State, request, parsed, WireProtocol.RestXml));
            runtime.Calls.Count(call.OperationKey, call.Caller.Account.Id, CallCounter.PrincipalOf(call.Caller));

            var decision = runtime.Faults.Decide(call.Service, call.Operation);
            if (await FaultSteps.BeforeAsync(runtime, decision, context, kind => kind switch
                {
                    FaultKind.Throttle or FaultKind.LimitExceeded => new AwsErrorException("SlowDown", "Please reduce your request rate.", 503, senderFault: false),
                    FaultKind.ServerError => new AwsErrorException("InternalError", "We encountered an internal error. Please try again.", 500, senderFault: false),
                    _ => null,
                }).ConfigureAwait(false))
            {
                return;
            }

            if (runtime.Faults.Denies(call))
            {
                throw ActionDenial.Refusal(call);
            }

            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var answer = world.S3.Handle(new S3Request(operation, bucket, key, query, headers, request.Body, call.Caller));
            if (await FaultSteps.AfterAsync(runtime, decision, context).ConfigureAwait(false))
            {
                return;
            }

            await WriteAsync(context, answer, requestId, isHead).ConfigureAwait(false);
        }
        catch (AwsErrorException error)
        {
            var body = System.Text.Encoding.UTF8.GetBytes(S3Service.ErrorBody(error, requestId));
            await WriteAsync(context, new S3Answer(error.Status, new Dictionary<string, string>(), body), requestId, isHead).ConfigureAwait(false);
        }
    }

    /// <summary>The other services' authentication answers in S3's codes.</summary>
    private static Caller S3Auth(Func<Caller> authenticate)
    {
        try
        {
            return authenticate();
        }
        catch (AwsErrorException error) when (error.Code is "InvalidClientTokenId" or "MissingAuthenticationToken")
        {
            throw error.Code == "InvalidClientTokenId"
                ? new AwsErrorException("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403)
                : new AwsErrorException("AccessDenied", "Access Denied", 403);
        }
    }

    /// <summary>"/bucket/some/key" → ("bucket", "some/key"), the key percent-decoded once (S3 keys are not normalised).</summary>
    private static (string Bucket, string Key) SplitPath(string path)
    {
        var trimmed = path.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (trimmed, string.Empty) : (trimmed[..slash], trimmed[(slash + 1)..]);
    }

    private static async Task WriteAsync(HttpContext context, S3Answer answer, string requestId, bool isHead)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.Headers["x-amz-request-id"] = requestId;
        context.Response.Headers["x-amz-id-2"] = requestId;
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (isHead)
        {
            context.Response.ContentLength = answer.Headers.TryGetValue("Content-Length", out var length) ? long.Parse(length, CultureInfo.InvariantCulture) : 0;
            return;
        }

        context.Response.ContentLength = answer.Body.Length;
        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
