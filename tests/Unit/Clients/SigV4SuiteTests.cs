using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;
using IamKeyHygiene.AwsProtocol.Pipeline;
using IamKeyHygiene.AwsProtocol.Retry;
using IamKeyHygiene.Engine.Aws.Endpoints;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>
/// The AWS SigV4 test suites (botocore's aws4_testsuite and aws-c-auth's v4 suite) signed by AWSSDK.Core's
/// AWS4Signer, the signer every client here signs with: each case's request becomes an IRequest, is signed
/// at the suite's time, and the canonical request, string to sign and Authorization header must equal the
/// suite's. Cases the signer cannot pass are listed in <see cref="NotPassed"/> with the reason.
/// </summary>
public sealed class SigV4SuiteTests
{
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public static IEnumerable<object[]> BotocoreCases() =>
        Directory.GetFiles(AwsReference.Path("sigv4", "botocore-aws4_testsuite"), "*.req", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(AwsReference.Path("sigv4", "botocore-aws4_testsuite"), f[..^4]))
            .Order(StringComparer.Ordinal)
            .Select(n => new object[] { n });

    public static IEnumerable<object[]> AwsCAuthCases() =>
        Directory.GetDirectories(AwsReference.Path("sigv4", "aws-c-auth-v4"))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(n => new object[] { n! });

    [Theory]
    [MemberData(nameof(BotocoreCases))]
    public void Botocore_suite_case(string name)
    {
        string Read(string ext) => File.ReadAllText(AwsReference.Path("sigv4", "botocore-aws4_testsuite", name + ext));
        var request = ParseRequest(Read(".req"));
        // botocore's harness signs this one case with a session token (the value its canonical request shows).
        var token = name.Contains("with-session-token")
            ? Read(".creq").Split('\n').Single(l => l.StartsWith("x-amz-security-token:"))["x-amz-security-token:".Length..]
            : null;
        AssertSigned(name, request, token, Read(".creq"), Read(".sts"), Read(".authz"));
    }

    [Theory]
    [MemberData(nameof(AwsCAuthCases))]
    public void Aws_c_auth_suite_case(string name)
    {
        string Read(string file) => File.ReadAllText(AwsReference.Path("sigv4", "aws-c-auth-v4", name, file));
        using var context = JsonDocument.Parse(Read("context.json"));
        var c = context.RootElement;
        Assert.Equal("us-east-1", c.GetProperty("region").GetString());
        Assert.Equal("service", c.GetProperty("service").GetString());
        var request = ParseRequest(Read("request.txt"));
        var token = c.GetProperty("credentials").TryGetProperty("token", out var t) ? t.GetString() : null;
        if (token != null && c.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean())
        {
            token = null;
        }

        var signedRequest = Read("header-signed-request.txt");
        var authorization = signedRequest.Split('\n').Single(l => l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase));
        AssertSigned(name, request, token, Read("header-canonical-request.txt"), Read("header-string-to-sign.txt"),
            authorization["Authorization:".Length..].Trim(), c.GetProperty("normalize").GetBoolean());
    }

    private static void AssertSigned(string name, DefaultRequest request, string? sessionToken, string expectedCanonical,
        string expectedStringToSign, string expectedAuthorization, bool normalize = true)
    {
        if (sessionToken != null)
        {
            request.Headers["X-Amz-Security-Token"] = sessionToken;
        }

        var metrics = new RecordingMetrics();
        var result = new AWS4Signer().SignRequest(request, Config, metrics, AccessKey, SecretKey, SignedAt);
        var canonical = metrics.Properties[Metric.CanonicalRequest].Single().ToString()!;

        // AWSSDK.Core always adds and signs x-amz-content-sha256 (the suites predate that): take it out of the
        // canonical request the signer built, unless the case itself signs the body.
        var signsBody = expectedCanonical.Contains("x-amz-content-sha256");
        var comparable = signsBody ? canonical : WithoutContentSha256(canonical);

        // The string to sign and signature the signer computes from the suite's own canonical request.
        var fromExpected = AWS4Signer.ComputeSignature(AccessKey, SecretKey, "us-east-1", SignedAt, "service",
            expectedCanonical.Split('\n')[^2], expectedCanonical, metrics);
        var stringToSign = metrics.Properties[Metric.StringToSign].Last().ToString();

        var passed = comparable == expectedCanonical && stringToSign == expectedStringToSign && fromExpected.ForAuthorizationHeader == expectedAuthorization
            && (!signsBody || result.ForAuthorizationHeader == expectedAuthorization);
        if (KnownDifferences.TryGetValue(name, out var reason))
        {
            Assert.False(passed, $"{name} now passes: remove it from the known differences ({reason}).");
            Assert.Equal(expectedStringToSign, stringToSign);
            return;
        }

        Assert.Equal(expectedCanonical, comparable);
        Assert.Equal(expectedStringToSign, stringToSign);
        Assert.Equal(expectedAuthorization, fromExpected.ForAuthorizationHeader);
        if (signsBody)
        {
            Assert.Equal(expectedAuthorization, result.ForAuthorizationHeader);
        }
    }

    private static string WithoutContentSha256(string canonical)
    {
        var lines = canonical.Split('\n').Where(l => !l.StartsWith("x-amz-content-sha256:", StringComparison.Ordinal)).ToArray();
        lines[^2] = string.Join(";", lines[^2].Split(';').Where(h => h != "x-amz-content-sha256"));
        return string.Join("\n", lines);
    }

    private const string PathNormalisation =
        "AWS4Signer does not normalise '.', '..' or '//' in paths for non-S3 services; our clients always POST to '/'";

    private const string PathEncoding =
        "AWS4Signer double-encodes path segments for non-S3 services (as those services expect) and leaves '$' as is; our clients' path is always '/'";

    private const string QueryOrder =
        "AWS4Signer sorts query parameters before encoding them; our clients send no query string";

    /// <summary>Cases where AWS4Signer's canonical request differs from the suite, and why that cannot reach our
    /// clients. The test checks each still differs (so the list stays true) and that the signer's string to sign
    /// and signature from the suite's own canonical request still match. Also in tests/Unit/README.md.</summary>
    internal static readonly Dictionary<string, string> KnownDifferences = new()
    {
        ["normalize-path/get-relative/get-relative"] = PathNormalisation,
        ["normalize-path/get-relative-relative/get-relative-relative"] = PathNormalisation,
        ["normalize-path/get-slash-dot-slash/get-slash-dot-slash"] = PathNormalisation,
        ["normalize-path/get-slash-pointless-dot/get-slash-pointless-dot"] = PathNormalisation,
        ["normalize-path/get-slashes/get-slashes"] = PathNormalisation,
        ["normalize-path/get-slash/get-slash"] = PathNormalisation,
        ["get-relative-normalized"] = PathNormalisation,
        ["get-relative-relative-normalized"] = PathNormalisation,
        ["get-slash-dot-slash-normalized"] = PathNormalisation,
        ["get-slash-pointless-dot-normalized"] = PathNormalisation,
        ["get-slash-normalized"] = PathNormalisation,
        ["get-slashes-normalized"] = PathNormalisation,
        ["normalize-path/get-space/get-space"] = PathEncoding,
        ["normalize-path/get-special-character/get-special-character"] = PathEncoding,
        ["get-utf8/get-utf8"] = PathEncoding,
        ["get-utf8"] = PathEncoding,
        ["get-space-normalized"] = PathEncoding,
        ["get-space-unnormalized"] = PathEncoding,
        ["get-vanilla-query-order-encoded/get-vanilla-query-order-encoded"] = QueryOrder,
        ["get-vanilla-query-order-encoded"] = QueryOrder,
    };

    private static readonly ServiceClientConfig Config = new("Service", "service", "2015-08-30",
        new ResolvedEndpoint("https://example.amazonaws.com", "us-east-1", "service", "test"), new RetryOptions(), Engine.NullEngineLog.Instance);

    /// <summary>A .req / request.txt as an SDK request: request line, headers (folded lines joined, repeated
    /// names comma-joined, as HTTP allows), body.</summary>
    private static DefaultRequest ParseRequest(string text)
    {
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? "" : text[(split + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(' ')];

        var headers = new List<(string Name, string Value)>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                headers[^1] = (headers[^1].Name, headers[^1].Value + " " + line.Trim());
            }
            else
            {
                var colon = line.IndexOf(':');
                headers.Add((line[..colon], line[(colon + 1)..]));
            }
        }

        var request = new DefaultRequest(new EmptyRequest(), "service")
        {
            HttpMethod = method,
            AuthenticationRegion = "us-east-1",
            OverrideSigningServiceName = "service",
        };
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            request.Headers[group.First().Name] = string.Join(",", group.Select(h => h.Value));
        }

        var host = request.Headers.First(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value.Trim();
        request.Endpoint = new Uri("https://" + host);
        var question = target.IndexOf('?');
        request.UseQueryString = question >= 0;
        request.ResourcePath = question < 0 ? target : target[..question];
        if (question >= 0)
        {
            foreach (var group in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
                         .Select(p => p.Split('=', 2))
                         .GroupBy(p => Uri.UnescapeDataString(p[0])))
            {
                var values = group.Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "").ToList();
                if (values.Count == 1)
                {
                    request.ParameterCollection.Add(group.Key, values[0]);
                }
                else
                {
                    request.ParameterCollection.Add(group.Key, values);
                }
            }
        }

        if (body.Length > 0)
        {
            request.Content = Encoding.UTF8.GetBytes(body);
        }

        return request;
    }

    private sealed class EmptyRequest : AmazonWebServiceRequest
    {
    }

    /// <summary>Metrics that record: AWS4Signer stores the canonical request and string to sign in them. The SDK
    /// switches recording on through an internal setter (its LogMetrics option), so the test does the same.</summary>
    private sealed class RecordingMetrics : RequestMetrics
    {
        public RecordingMetrics()
        {
            typeof(RequestMetrics).GetProperty(nameof(IsEnabled))!.SetValue(this, true);
        }
    }
}
