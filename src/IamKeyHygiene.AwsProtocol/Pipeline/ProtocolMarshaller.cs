using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using IamKeyHygiene.AwsProtocol.Model;

namespace IamKeyHygiene.AwsProtocol.Pipeline
{
    /// <summary>Turns a <see cref="ModelledRequest"/> into the SDK's HTTP request: POST / with an awsQuery form
    /// body or an awsJson1_1 body and X-Amz-Target, as the model's protocol says.</summary>
    internal sealed class ProtocolMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        private readonly ServiceModel _model;
        private readonly string _serviceName;

        public ProtocolMarshaller(ServiceModel model, string serviceName)
        {
            _model = model;
            _serviceName = serviceName;
        }

        public IRequest Marshall(AmazonWebServiceRequest input)
        {
            var modelled = (ModelledRequest)input;
            var operation = modelled.Operation;
            var request = new DefaultRequest(input, _serviceName)
            {
                HttpMethod = "POST",
                ResourcePath = "/",
            };

            if (_model.Protocol == "json")
            {
                request.Headers["Content-Type"] = "application/x-amz-json-1.1";
                request.Headers["X-Amz-Target"] = _model.TargetPrefix + "." + operation.Name;
                request.Content = Encoding.UTF8.GetBytes(JsonProtocolSerializer.Serialize(operation.Input, modelled.Input));
            }
            else
            {
                request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
                var parameters = QuerySerializer.Serialize(operation.Name, _model.ApiVersion, operation.Input, modelled.Input);
                request.Content = Encoding.UTF8.GetBytes(QuerySerializer.Encode(parameters));
            }

            return request;
        }
    }
}
