using System;
using System.Collections.Generic;
using System.Text.Json;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>How a list operation pages (paginators-1.json): the token in and out, the "more" flag (IAM's
    /// IsTruncated), the page-size member and the member holding the items.</summary>
    internal sealed class Pagination
    {
        public Pagination(string inputToken, string outputToken, string? moreResults, string? limitKey, string resultKey)
        {
            InputToken = inputToken;
            OutputToken = outputToken;
            MoreResults = moreResults;
            LimitKey = limitKey;
            ResultKey = resultKey;
        }

        public string InputToken { get; }
        public string OutputToken { get; }
        public string? MoreResults { get; }
        public string? LimitKey { get; }
        public string ResultKey { get; }
    }

    /// <summary>One operation of a model: its input and output shapes, XML result wrapper and paging.</summary>
    internal sealed class OperationModel
    {
        public OperationModel(string name, Shape? input, Shape? output, string? resultWrapper, Pagination? pagination)
        {
            Name = name;
            Input = input;
            Output = output;
            ResultWrapper = resultWrapper;
            Pagination = pagination;
        }

        public string Name { get; }
        public Shape? Input { get; }
        public Shape? Output { get; }
        public string? ResultWrapper { get; }
        public Pagination? Pagination { get; }
    }

    /// <summary>The slice of a botocore service model a client needs (see <see cref="ModelSlices"/>).</summary>
    internal sealed class ServiceModel
    {
        private readonly Dictionary<string, OperationModel> _operations;

        private ServiceModel(string apiVersion, string protocol, string? targetPrefix, string? xmlNamespace,
            ShapeSet shapes, Dictionary<string, OperationModel> operations)
        {
            ApiVersion = apiVersion;
            Protocol = protocol;
            TargetPrefix = targetPrefix;
            XmlNamespace = xmlNamespace;
            Shapes = shapes;
            _operations = operations;
        }

        public string ApiVersion { get; }

        /// <summary>"query" or "json".</summary>
        public string Protocol { get; }

        public string? TargetPrefix { get; }
        public string? XmlNamespace { get; }
        public ShapeSet Shapes { get; }
        public IEnumerable<string> OperationNames => _operations.Keys;

        public OperationModel Operation(string name) =>
            _operations.TryGetValue(name, out var operation) ? operation
                : throw new InvalidOperationException($"The embedded model has no operation {name}.");

        public static ServiceModel Parse(string json)
        {
            using (var document = JsonDocument.Parse(json))
            {
                var root = document.RootElement;
                var metadata = root.GetProperty("metadata");
                var shapes = ShapeSet.Parse(root.GetProperty("shapes"));
                var operations = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
                foreach (var op in root.GetProperty("operations").EnumerateObject())
                {
                    Shape? input = null, output = null;
                    string? wrapper = null;
                    if (op.Value.TryGetProperty("input", out var inputRef))
                    {
                        input = shapes[inputRef.GetProperty("shape").GetString()!];
                    }

                    if (op.Value.TryGetProperty("output", out var outputRef))
                    {
                        output = shapes[outputRef.GetProperty("shape").GetString()!];
                        wrapper = outputRef.TryGetProperty("resultWrapper", out var w) ? w.GetString() : null;
                    }

                    operations[op.Name] = new OperationModel(op.Name, input, output, wrapper, ReadPagination(op.Value));
                }

                return new ServiceModel(
                    metadata.GetProperty("apiVersion").GetString()!,
                    metadata.GetProperty("protocol").GetString()!,
                    metadata.TryGetProperty("targetPrefix", out var target) ? target.GetString() : null,
                    metadata.TryGetProperty("xmlNamespace", out var ns) ? ns.GetString() : null,
                    shapes,
                    operations);
            }
        }

        private static Pagination? ReadPagination(JsonElement operation)
        {
            if (!operation.TryGetProperty("pagination", out var p))
            {
                return null;
            }

            string? Text(string name) => p.TryGetProperty(name, out var v) ? v.GetString() : null;
            return new Pagination(Text("input_token")!, Text("output_token")!, Text("more_results"), Text("limit_key"), Text("result_key")!);
        }
    }
}
