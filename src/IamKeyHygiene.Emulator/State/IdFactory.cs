using System.Security.Cryptography;
using System.Text;

namespace IamKeyHygiene.Emulator.State;

/// <summary>Deterministic AWS-shaped identifiers and secrets derived from a seed and a name.</summary>
public sealed class IdFactory
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly string seed;
    private long sequence;

    public IdFactory(string seed)
    {
        this.seed = seed;
    }

    /// <summary>A fresh name for runtime-created things; the same request order gives the same ids.</summary>
    public string NextName(string purpose) => purpose + "#" + Interlocked.Increment(ref sequence);

    public string AccessKeyId(string name) => "AKIA" + Encode(name, "akid", Base32, 16);

    public string SessionKeyId(string name) => "ASIA" + Encode(name, "asid", Base32, 16);

    public string UserId(string name) => "AIDA" + Encode(name, "user", Base32, 17);

    public string RoleId(string name) => "AROA" + Encode(name, "role", Base32, 17);

    public string Secret(string name) => Encode(name, "secret", SecretAlphabet, 40);

    public string SessionToken(string name) => "IQoJb3JpZ2luX2VjE" + Encode(name, "token", SecretAlphabet, 300);

    /// <summary>IAM Identity Center bearer tokens and OIDC client credentials (opaque; AWS's start aoa…/aor…).</summary>
    public string SsoAccessToken(string name) => "aoa" + Encode(name, "sso-access", Alnum, 120);

    public string SsoRefreshToken(string name) => "aor" + Encode(name, "sso-refresh", Alnum, 120);

    public string SsoClientId(string name) => Encode(name, "sso-client", Alnum, 22);

    public string SsoClientSecret(string name) => Encode(name, "sso-client-secret", Alnum, 80);

    /// <summary>The 6 characters Secrets Manager appends to a secret's name in its ARN.</summary>
    public string SecretArnSuffix(string name) => Encode(name, "secret-arn", Alnum, 6);

    public string Lower(string name, int length) => Encode(name, "lower", LowerAlnum, length);

    private string Encode(string name, string purpose, string alphabet, int length)
    {
        var builder = new StringBuilder(length);
        var block = 0;
        while (builder.Length < length)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{purpose}\n{name}\n{block++}"));
            foreach (var b in hash)
            {
                if (builder.Length == length)
                {
                    break;
                }

                builder.Append(alphabet[b % alphabet.Length]);
            }
        }

        return builder.ToString();
    }
}
