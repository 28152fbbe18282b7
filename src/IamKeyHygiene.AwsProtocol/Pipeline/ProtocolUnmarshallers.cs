using System;
using System.IO;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using IamKeyHygiene.AwsProtocol.Model;

namespace IamKeyHygiene.AwsProtocol.Pipeline
{
    /// <summary>Reads the whole body the SDK hands over; our parsers work on complete documents.</summary>
    internal static class ResponseBody
    {
        public static byte[] Read(UnmarshallerContext context, Stream stream)
        {
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                var bytes = buffer.ToArray();
                if (bytes.Length == 0 && context.ResponseBody != null)
                {
                    // The SDK's error path may have consumed the stream into ResponseBody already.
                    return Encoding.UTF8.GetBytes(context.ResponseBody);
                }

                return bytes;
            }
        }

        public static string? Header(UnmarshallerContext context, string name) =>
            context.ResponseData != null && context.ResponseData.IsHeaderPresent(name) ? context.ResponseData.GetHeaderValue(name) : null;

        public static string? RequestIdHeader(UnmarshallerContext context) =>
            Header(context, "x-amzn-RequestId") ?? Header(context, "x-amz-request-id");
    }

    /// <summary>awsQuery responses and errors, through the XML unmarshaller base the SDK pipeline expects.</summary>
    internal sealed class QueryResponseUnmarshaller : XmlResponseUnmarshaller
    {
        private readonly OperationModel _operation;

        public QueryResponseUnmarshaller(OperationModel operation)
        {
            _operation = operation;
        }

        public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext input)
        {
            var body = ResponseBody.Read(input, input.Stream);
            if (body.Length == 0)
            {
                // Operations without output members may answer with no body at all.
                return new ModelledResponse { ResponseMetadata = new ResponseMetadata { RequestId = ResponseBody.RequestIdHeader(input) } };
            }

            var output = XmlResponseParser.Parse(body, _operation.Output, _operation.ResultWrapper, out var requestId);
            return new ModelledResponse { Output = output, ResponseMetadata = new ResponseMetadata { RequestId = requestId } };
        }

        public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
        {
            var error = ServiceError.FromQuery(ResponseBody.Read(input, input.Stream), (int)statusCode, ResponseBody.RequestIdHeader(input));
            return new WireServiceException(error, innerException);
        }
    }

    /// <summary>awsJson1_1 responses and errors, through the JSON unmarshaller base.</summary>
    internal sealed class JsonProtocolResponseUnmarshaller : JsonResponseUnmarshaller
    {
        private readonly OperationModel _operation;

        public JsonProtocolResponseUnmarshaller(OperationModel operation)
        {
            _operation = operation;
        }

        public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
        {
            var body = Encoding.UTF8.GetString(ResponseBody.Read(input, input.Stream));
            var response = new ModelledResponse { Output = JsonResponseParser.Parse(body, _operation.Output) };
            response.ResponseMetadata = new ResponseMetadata { RequestId = ResponseBody.RequestIdHeader(input) };
            return response;
        }

        public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
        {
            var error = ServiceError.FromJson(ResponseBody.Read(input, input.Stream), (int)statusCode,
                ResponseBody.Header(input, "x-amzn-ErrorType"), ResponseBody.RequestIdHeader(input));
            return new WireServiceException(error, innerException);
        }
    }
}
