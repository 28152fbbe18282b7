using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement.Model;
using IamKeyHygiene.Engine.Aws.Endpoints;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>
    /// Reads SSM Parameter Store parameters in engine types: the plain value of a String or a SecureString (decrypted
    /// by SSM with the parameter's KMS key). The value is returned to the caller and goes nowhere else: no log line,
    /// no error message. A failure is an <see cref="EngineException"/> of the entry the caller names, its target the
    /// parameter's name, its category that of the AWS answer (ParameterNotFound → ObjectNotFound, AccessDenied…).
    /// </summary>
    public sealed class SsmParameterReader : IDisposable
    {
        private readonly SsmClient _client;
        private readonly ErrorEntry _failure;

        internal SsmParameterReader(SsmClient client, ErrorEntry failure)
        {
            _client = client;
            _failure = failure;
        }

        /// <summary>GetParameter with WithDecryption: the parameter's plain value.</summary>
        public async Task<string> GetDecryptedAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                var response = await _client.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken)
                    .ConfigureAwait(false);
                return response.Parameter?.Value
                    ?? throw new EngineException(_failure, name, $"SSM parameter {name} came back without a value.");
            }
            catch (Exception exception) when (!(exception is EngineException)
                && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // SSM's error messages name the parameter, never its value.
                throw SdkCallFailure.Of(_failure, name, EndpointResolver.Ssm, "GetParameter", $"SSM GetParameter of {name}", exception);
            }
        }

        public void Dispose() => _client.Dispose();
    }
}
