using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws.Credentials;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>What rotating the caller's own key (Invoke-AccessKeyRotation -Self) needs from the connection.</summary>
    public sealed partial class AwsConnection
    {
        /// <summary>The shared-files profile the credentials came from, or null (parameters, environment, container…).</summary>
        internal SharedProfile? SourceProfile { get; private set; }

        /// <summary>The shared credentials and config files this connection located.</summary>
        internal SharedConfigFiles? SharedFiles { get; private set; }

        /// <summary>The same region and endpoints signing with a plain access key (a key just created, say).</summary>
        internal AwsConnection WithAccessKey(string accessKeyId, string secretAccessKey, string credentialSource)
            => WithCredentials(new BasicAWSCredentials(accessKeyId, secretAccessKey), credentialSource);

        /// <summary>
        /// STS GetSessionToken with these credentials and an MFA code, then the same region and endpoints signing with the
        /// session (for accounts whose self-service policy requires MFA). AWS's refusal (a wrong code: AccessDenied) is an
        /// AwsServiceError naming the STS endpoint; the code and the session's secret never reach a message.
        /// </summary>
        internal async Task<AwsConnection> WithSessionTokenAsync(string serialNumber, string tokenCode, CancellationToken cancellationToken)
        {
            try
            {
                using (var sts = CreateStsClient())
                {
                    var response = await sts.GetSessionTokenAsync(new GetSessionTokenRequest
                    {
                        SerialNumber = serialNumber,
                        TokenCode = tokenCode,
                        DurationSeconds = 900,
                    }, cancellationToken).ConfigureAwait(false);
                    var c = response.Credentials;
                    return WithCredentials(new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken),
                        $"MFA session ({serialNumber}) of {CredentialSource}");
                }
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw CallerFailure(AwsErrors.Translate(EndpointResolver.Sts, "GetSessionToken", exception));
            }
        }
    }
}
