using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.AwsProtocol.Model;
using IamKeyHygiene.AwsProtocol.Retry;

namespace IamKeyHygiene.AwsProtocol.Pipeline
{
    /// <summary>
    /// A service client on AWSSDK.Core driven by an embedded model: requests are JSON values serialised by the
    /// model's protocol, answers parsed back into JSON values, errors turned into <see cref="AwsServiceException"/>.
    /// The SDK supplies credentials, signing (AWS4Signer), HTTP and the retry loop (with our policy in it).
    /// </summary>
    internal abstract class ModelledServiceClient : AmazonServiceClient
    {
        private static readonly JsonSerializerOptions ReadOptions = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        private readonly ServiceModel _model;
        private readonly string _service;
        private readonly ProtocolMarshaller _marshaller;

        protected ModelledServiceClient(AWSCredentials credentials, ServiceClientConfig config, ServiceModel model, string service)
            : base(credentials, config)
        {
            _model = model;
            _service = service;
            _marshaller = new ProtocolMarshaller(model, config.ServiceId);
        }

        /// <summary>Operations never resent after a failure (not idempotent: a resend could act twice). Read while
        /// the base constructor builds the pipeline, so overrides must return constants, not fields.</summary>
        protected abstract IEnumerable<string> NeverRetried { get; }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            // Runs inside the base constructor: only Config is set, so everything comes from it.
            var config = (ServiceClientConfig)Config;
            pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthResolverHandler());
            pipeline.AddHandlerAfter<SigV4AuthResolverHandler>(new ResolvedEndpointHandler(config.Endpoint));
            _retryPolicy = new AwsRetryPolicy(config.Retry, NeverRetried,
                context => ((ModelledRequest)context.RequestContext.OriginalRequest).Operation.Name, config.Log);
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(_retryPolicy));
        }

        /// <summary>Set while the base constructor builds the pipeline (so no initializer).</summary>
        private AwsRetryPolicy? _retryPolicy;

        /// <summary>Calls one operation; the answer's members keyed by name.</summary>
        internal async Task<JsonObject> CallAsync(string operationName, JsonObject? input, CancellationToken cancellationToken)
        {
            var operation = _model.Operation(operationName);
            var options = new InvokeOptions
            {
                RequestMarshaller = _marshaller,
                ResponseUnmarshaller = _model.Protocol == "json"
                    ? new JsonProtocolResponseUnmarshaller(operation)
                    : (ResponseUnmarshaller)new QueryResponseUnmarshaller(operation),
            };
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var response = await InvokeAsync<ModelledResponse>(new ModelledRequest(operation, input), options, cancellationToken)
                        .ConfigureAwait(false);
                    return response.Output;
                }
                catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    var translated = AwsErrors.Translate(_service, operationName, e);
                    var wait = _retryPolicy?.ResendAfterThrottling(operationName, translated, attempt);
                    if (wait.HasValue)
                    {
                        await Task.Delay(wait.Value, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (ReferenceEquals(translated, e))
                    {
                        throw;
                    }

                    throw translated;
                }
            }
        }

        /// <summary>Calls an operation and reads one member of its answer into a caller's type. An answer without
        /// that member is refused (MalformedResponse) rather than read as an empty object.</summary>
        internal async Task<T> CallAsync<T>(string operationName, JsonObject? input, string member, CancellationToken cancellationToken)
            where T : class
        {
            var output = await CallAsync(operationName, input, cancellationToken).ConfigureAwait(false);
            return Read<T>(output[member])
                ?? throw new AwsServiceException(_service, operationName, MalformedResponseCode, $"The answer has no {member}.", null, 200);
        }

        /// <summary>The error code for a 200 answer that lacks what the operation must return.</summary>
        public const string MalformedResponseCode = "MalformedResponse";

        /// <summary>Every item of a list operation, page after page to the end (paginators-1.json tokens).</summary>
        internal async IAsyncEnumerable<T> PaginateAsync<T>(string operationName, JsonObject? input, int? pageSize,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pagination = _model.Operation(operationName).Pagination
                ?? throw new InvalidOperationException($"{operationName} does not page.");
            var request = input == null ? new JsonObject() : (JsonObject)input.DeepClone();
            if (pageSize.HasValue && pagination.LimitKey != null)
            {
                request[pagination.LimitKey] = pageSize.Value;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var page = await CallAsync(operationName, request, cancellationToken).ConfigureAwait(false);
                if (page[pagination.ResultKey] is JsonArray items)
                {
                    foreach (var item in items)
                    {
                        yield return Read<T>(item)!;
                    }
                }

                var token = page[pagination.OutputToken]?.GetValue<string>();
                var more = !string.IsNullOrEmpty(token)
                    && (pagination.MoreResults == null || page[pagination.MoreResults]?.GetValue<bool>() == true);
                if (!more)
                {
                    yield break;
                }

                if (!seen.Add(token!))
                {
                    // A service that hands back a token it already gave would page forever.
                    throw new AwsServiceException(_service, operationName, "RepeatedPageToken",
                        "The service returned a page token it had already returned.", null, 200);
                }

                request[pagination.InputToken] = token;
            }
        }

        private static T? Read<T>(JsonNode? node) => node == null ? default : node.Deserialize<T>(ReadOptions);

        /// <summary>The whole answer as one caller's type (for outputs whose members are the result).</summary>
        protected static T ReadWhole<T>(JsonObject output)
            where T : new() => output.Deserialize<T>(ReadOptions) ?? new T();
    }
}
