using System.Text.Json.Nodes;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.AwsProtocol.Model;

namespace IamKeyHygiene.AwsProtocol.Pipeline
{
    /// <summary>The request object the SDK pipeline carries: which operation, and its input as JSON values.</summary>
    internal sealed class ModelledRequest : AmazonWebServiceRequest
    {
        public ModelledRequest(OperationModel operation, JsonObject? input)
        {
            Operation = operation;
            Input = input;
        }

        public OperationModel Operation { get; }
        public JsonObject? Input { get; }

        /// <summary>Runs from the call's start, across its retries (the retry policy's budgets).</summary>
        public System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();
    }

    /// <summary>The parsed output of one call, as JSON values keyed by member name.</summary>
    internal sealed class ModelledResponse : AmazonWebServiceResponse
    {
        public JsonObject Output { get; set; } = new JsonObject();
    }

    /// <summary>The SDK-side form of a service error, so the SDK's error handling and our retry policy see its
    /// code; the client turns it into <see cref="AwsServiceException"/> before a caller sees it.</summary>
    internal sealed class WireServiceException : AmazonServiceException
    {
        public WireServiceException(ServiceError error, System.Exception? inner)
            : base(error.Message, inner, error.Type == "Receiver" ? ErrorType.Receiver : ErrorType.Sender, error.Code,
                error.RequestId, (System.Net.HttpStatusCode)error.StatusCode)
        {
            Error = error;
        }

        public ServiceError Error { get; }
    }
}
