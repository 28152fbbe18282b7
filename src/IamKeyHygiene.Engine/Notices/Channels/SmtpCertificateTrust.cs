using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// Decides whether the SMTP server's certificate is trusted: the system's validation, or else the one extra
    /// certificate the settings name (a test server's self-signed one, a private CA), which the server's certificate
    /// must equal or chain to. A wrong host name is never forgiven. Remembers why it refused, for the error.
    /// </summary>
    internal sealed class SmtpCertificateTrust
    {
        private readonly X509Certificate2? _extra;

        public SmtpCertificateTrust(X509Certificate2? extra)
        {
            _extra = extra;
        }

        /// <summary>Why the last certificate was refused ("" while none was).</summary>
        public string Refusal { get; private set; } = "";

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None) return true;

            if (certificate == null)
            {
                return Refuse("the server presented no certificate");
            }

            var presented = new X509Certificate2(certificate);
            string described = $"{presented.Subject} (SHA-1 thumbprint {presented.Thumbprint}, issued by {presented.Issuer})";
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return Refuse($"its certificate {described} is not for this host name");
            }

            if (_extra != null && ChainsTo(presented, _extra))
            {
                Refusal = "";
                return true;
            }

            string trustedBy = _extra == null ? "the system" : "the system or the trusted certificate given";
            return Refuse($"its certificate {described} is not trusted by {trustedBy} ({errors})");
        }

        private bool Refuse(string why)
        {
            Refusal = why;
            return false;
        }

        /// <summary>True when the certificate is the extra one, or a chain built with the extra one ends in or passes it.</summary>
        private static bool ChainsTo(X509Certificate2 presented, X509Certificate2 extra)
        {
            if (presented.RawData.SequenceEqual(extra.RawData)) return true;

            using (var chain = new X509Chain())
            {
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
                chain.ChainPolicy.ExtraStore.Add(extra);
                if (!chain.Build(presented)) return false;

                return chain.ChainElements.Cast<X509ChainElement>().Skip(1)
                    .Any(element => element.Certificate.RawData.SequenceEqual(extra.RawData));
            }
        }
    }
}
