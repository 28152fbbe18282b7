using System.Globalization;
using System.Net;
using System.Text.Json;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>A key pair a test hands out and later looks for (and must never find in logs or messages).</summary>
internal sealed record TestKeys(string AccessKeyId, string SecretKey, string? SessionToken = null)
{
    public static TestKeys Make(string tag, bool session = false)
    {
        // Key ids look like AWS's (20 upper-case characters); the secret carries the tag so a leak is easy to spot.
        var id = ((session ? "ASIA" : "AKIA") + tag.ToUpperInvariant().Replace("-", "") + "XXXXXXXXXXXXXXXX").Substring(0, 20);
        return new TestKeys(id, $"secret/{tag}/wJalrXUtnFEMIK7MDENGbPxRfiCY", session ? $"token/{tag}/IQoJb3JpZ2luX2VjEXAMPLE" : null);
    }

    public TestKeysPublic Public => new(AccessKeyId, SecretKey, SessionToken);

    public IEnumerable<string> Secrets => SessionToken == null ? new[] { SecretKey, AccessKeyId } : new[] { SecretKey, SessionToken, AccessKeyId };

    public string Json(DateTime? expiration, bool version1 = false)
    {
        var document = new Dictionary<string, object?>();
        if (version1) document["Version"] = 1;
        document["AccessKeyId"] = AccessKeyId;
        document["SecretAccessKey"] = SecretKey;
        if (SessionToken != null) document[version1 ? "SessionToken" : "Token"] = SessionToken;
        if (expiration != null) document["Expiration"] = expiration.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return JsonSerializer.Serialize(document);
    }
}

/// <summary>The ECS/EKS container credentials endpoint.</summary>
internal sealed class FakeContainerEndpoint : IDisposable
{
    private int _served;

    public FakeContainerEndpoint(Func<int, TestKeys> keysForCall, Func<DateTime>? expiration = null, string? requiredAuthorization = null)
    {
        Server = new StubAwsServer(request =>
        {
            if (requiredAuthorization != null && request.Header("Authorization") != requiredAuthorization)
                return StubReply.Text("{\"message\":\"bad token\"}", 401, "application/json");
            var call = Interlocked.Increment(ref _served);
            return StubReply.Text(keysForCall(call).Json(expiration?.Invoke() ?? DateTime.UtcNow.AddHours(6)), 200, "application/json");
        });
    }

    public StubAwsServer Server { get; }
    public int Served => _served;
    public string FullUri => Server.Url + "/v2/credentials/task-1";

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// The EC2 instance metadata service as IMDSv2 answers: PUT /latest/api/token (TTL header required), then
/// GETs that must carry the token.
/// </summary>
internal sealed class FakeInstanceMetadata : IDisposable
{
    public const string Token = "AQAEAtest-imds-token==";
    public const string RoleName = "hygiene-instance-role";

    public FakeInstanceMetadata(TestKeys keys, string region = "ap-northeast-1", int tokenStatus = 200, bool hasRole = true)
    {
        Server = new StubAwsServer(request =>
        {
            if (request.Method == "PUT" && request.Path == "/latest/api/token")
            {
                if (tokenStatus != 200) return StubReply.Text("", tokenStatus);
                return request.Header("X-aws-ec2-metadata-token-ttl-seconds") is string ttl && int.Parse(ttl, CultureInfo.InvariantCulture) > 0
                    ? StubReply.Text(Token)
                    : StubReply.Text("", 400);
            }
            if (request.Method != "GET") return StubReply.Text("", 405);
            // IMDSv2 only once a token exists; without one (v1 fallback) answer only when the token call was "not found".
            if (tokenStatus == 200 && request.Header("X-aws-ec2-metadata-token") != Token) return StubReply.Text("", 401);
            return request.Path switch
            {
                "/latest/meta-data/placement/region" => StubReply.Text(region),
                "/latest/meta-data/iam/security-credentials/" when hasRole => StubReply.Text(RoleName),
                "/latest/meta-data/iam/security-credentials/" + RoleName when hasRole => StubReply.Text(InstanceJson(keys), 200, "application/json"),
                _ => StubReply.Text("", 404),
            };
        });
    }

    private static string InstanceJson(TestKeys keys)
    {
        var json = JsonSerializer.Deserialize<Dictionary<string, object>>(keys.Json(DateTime.UtcNow.AddHours(6)))!;
        json["Code"] = "Success";
        json["Type"] = "AWS-HMAC";
        json["LastUpdated"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return JsonSerializer.Serialize(json);
    }

    public StubAwsServer Server { get; }

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// STS on the awsQuery protocol: AssumeRole and GetCallerIdentity answered with the XML layout of the
/// STS API reference (the shapes in aws-reference/models/sts).
/// </summary>
internal sealed class FakeSts : IDisposable
{
    private readonly Func<IReadOnlyDictionary<string, string>, TestKeys> _issue;

    public FakeSts(Func<IReadOnlyDictionary<string, string>, TestKeys> issue, DateTime? expiration = null, string account = "111122223333")
    {
        _issue = issue;
        Server = new StubAwsServer(request =>
        {
            var form = ParseForm(request.BodyText);
            return form.GetValueOrDefault("Action") switch
            {
                "AssumeRole" => StubReply.Xml(AssumeRoleXml(form, _issue(form), expiration ?? DateTime.UtcNow.AddHours(1))),
                "AssumeRoleWithWebIdentity" => StubReply.Xml(AssumeRoleXml(form, _issue(form), expiration ?? DateTime.UtcNow.AddHours(1))
                    .Replace("AssumeRoleResponse", "AssumeRoleWithWebIdentityResponse").Replace("AssumeRoleResult", "AssumeRoleWithWebIdentityResult")
                    .Replace("<PackedPolicySize>6</PackedPolicySize>", "<SubjectFromWebIdentityToken>system:serviceaccount:ops:hygiene</SubjectFromWebIdentityToken><Provider>oidc.eks.example</Provider><Audience>sts.amazonaws.com</Audience>")),
                "GetCallerIdentity" => StubReply.Xml(CallerIdentityXml(request, account)),
                _ => StubReply.Xml(ErrorXml("InvalidAction", "Could not find operation " + form.GetValueOrDefault("Action")), 400),
            };
        });
    }

    public StubAwsServer Server { get; }
    public string Url => Server.Url;

    public IEnumerable<IReadOnlyDictionary<string, string>> Calls(string action)
        => Server.Requests.Select(r => ParseForm(r.BodyText)).Where(f => f.GetValueOrDefault("Action") == action);

    /// <summary>The access key id the request was signed with (from the SigV4 Authorization header).</summary>
    public static string? SigningKeyId(RecordedRequest request)
    {
        var authorization = request.Header("Authorization");
        if (authorization == null) return null;
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal) + "Credential=".Length;
        return authorization.Substring(start, authorization.IndexOf('/', start) - start);
    }

    public static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = WebUtility.UrlDecode(equals < 0 ? pair : pair.Substring(0, equals));
            form[key] = equals < 0 ? "" : WebUtility.UrlDecode(pair.Substring(equals + 1));
        }
        return form;
    }

    private static string AssumeRoleXml(IReadOnlyDictionary<string, string> form, TestKeys keys, DateTime expiration)
    {
        var roleArn = form["RoleArn"];
        var roleName = roleArn.Substring(roleArn.LastIndexOf('/') + 1);
        var account = roleArn.Split(':')[4];
        var session = form["RoleSessionName"];
        return $"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::{account}:assumed-role/{roleName}/{session}</Arn>
                  <AssumedRoleId>AROA3XFRBF535PLBIFPI4:{session}</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>{keys.AccessKeyId}</AccessKeyId>
                  <SecretAccessKey>{keys.SecretKey}</SecretAccessKey>
                  <SessionToken>{keys.SessionToken}</SessionToken>
                  <Expiration>{expiration.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}</Expiration>
                </Credentials>
                <PackedPolicySize>6</PackedPolicySize>
              </AssumeRoleResult>
              <ResponseMetadata>
                <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
              </ResponseMetadata>
            </AssumeRoleResponse>
            """;
    }

    private static string CallerIdentityXml(RecordedRequest request, string account)
    {
        var keyId = SigningKeyId(request) ?? "anonymous";
        return $"""
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::{account}:user/signed-with-{keyId.Substring(keyId.Length - 4)}</Arn>
                <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
                <Account>{account}</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata>
                <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
              </ResponseMetadata>
            </GetCallerIdentityResponse>
            """;
    }

    public static string ErrorXml(string code, string message) => $"""
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>
          <RequestId>4e5ad9f3-0b66-4d45-a9a5-EXAMPLE</RequestId>
        </ErrorResponse>
        """;

    public void Dispose() => Server.Dispose();
}
