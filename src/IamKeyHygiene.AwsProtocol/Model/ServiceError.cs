using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using IamKeyHygiene.AwsProtocol.Errors;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>A service error as read off the wire: code, message, request id, sender/receiver, status.</summary>
    internal sealed class ServiceError
    {
        public ServiceError(string code, string message, string? requestId, string? type, int statusCode)
        {
            Code = code;
            Message = AwsServiceException.Redact(message);
            RequestId = requestId;
            Type = type;
            StatusCode = statusCode;
        }

        public string Code { get; }
        /// <summary>The service's message, less any canonical request it quotes (see AwsServiceException.Redact).</summary>
        public string Message { get; }
        public string? RequestId { get; }

        /// <summary>"Sender" or "Receiver" (awsQuery), when the service says.</summary>
        public string? Type { get; }

        public int StatusCode { get; }

        /// <summary>awsQuery errors: &lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;
        /// (also the older &lt;Response&gt;&lt;Errors&gt;&lt;Error&gt; form). A body that is not XML keeps the status as the code.</summary>
        public static ServiceError FromQuery(byte[] body, int statusCode, string? headerRequestId)
        {
            XDocument document;
            try
            {
                document = ParseXml(body);
            }
            catch (XmlException)
            {
                return Unparsed(statusCode, headerRequestId);
            }

            var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            string? Field(string name) => error?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            var code = Field("Code");
            if (string.IsNullOrEmpty(code))
            {
                return Unparsed(statusCode, headerRequestId ?? XmlResponseParser.RequestId(document));
            }

            return new ServiceError(code!, Field("Message") ?? "", XmlResponseParser.RequestId(document) ?? headerRequestId,
                Field("Type"), statusCode);
        }

        /// <summary>awsJson errors: the code from x-amzn-ErrorType or the body's __type/code, with any namespace
        /// ("aws.protocoltests#Foo") and suffix ("Foo:http://...") removed; the message from message/Message.</summary>
        public static ServiceError FromJson(byte[] body, int statusCode, string? errorTypeHeader, string? headerRequestId)
        {
            JsonObject? obj = null;
            try
            {
                obj = body.Length == 0 ? null : JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
                obj = null;
            }

            string? Field(params string[] names)
            {
                foreach (var name in names)
                {
                    if (obj != null && obj.TryGetPropertyValue(name, out var value) && value is JsonValue v
                        && v.TryGetValue<string>(out var text))
                    {
                        return text;
                    }
                }

                return null;
            }

            var code = errorTypeHeader;
            if (string.IsNullOrEmpty(code))
            {
                code = Field("__type", "code");
            }

            if (string.IsNullOrEmpty(code))
            {
                return Unparsed(statusCode, headerRequestId);
            }

            return new ServiceError(SanitizeCode(code!), Field("message", "Message", "errorMessage") ?? "", headerRequestId,
                statusCode >= 500 ? "Receiver" : "Sender", statusCode);
        }

        public static string SanitizeCode(string code)
        {
            var colon = code.IndexOf(':');
            if (colon >= 0)
            {
                code = code.Substring(0, colon);
            }

            var hash = code.LastIndexOf('#');
            return hash >= 0 ? code.Substring(hash + 1) : code;
        }

        internal static XDocument ParseXml(byte[] body)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using (var stream = new System.IO.MemoryStream(body))
            using (var reader = XmlReader.Create(stream, settings))
            {
                return XDocument.Load(reader);
            }
        }

        private static ServiceError Unparsed(int statusCode, string? requestId) =>
            new ServiceError("Http" + statusCode, $"The service answered HTTP {statusCode} without an error code.", requestId,
                statusCode >= 500 ? "Receiver" : "Sender", statusCode);
    }
}
