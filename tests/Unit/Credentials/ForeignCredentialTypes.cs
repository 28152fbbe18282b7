namespace IamKeyHygiene.Tests.Unit.Credentials;

// Stand-ins for AWS.Tools' types as the engine meets them: from another AWSSDK.Core load, so not our
// AWSCredentials type, only the same member names. The engine must read them by duck typing.

/// <summary>Shaped like Amazon.Runtime.ImmutableCredentials.</summary>
public sealed class ForeignImmutableCredentials(string accessKey, string secretKey, string? token)
{
    public string AccessKey { get; } = accessKey;
    public string SecretKey { get; } = secretKey;
    public string? Token { get; } = token;
}

/// <summary>Shaped like Amazon.Runtime.AWSCredentials: a public GetCredentials(), called at each use.</summary>
public sealed class ForeignAwsCredentials(Func<TestKeysPublic> current)
{
    public int Calls { get; private set; }

    public ForeignImmutableCredentials GetCredentials()
    {
        Calls++;
        var keys = current();
        return new ForeignImmutableCredentials(keys.AccessKeyId, keys.SecretKey, keys.SessionToken);
    }
}

/// <summary>Shaped like AWS.Tools' AWSPSCredentials ($StoredAWSCredentials): its credentials are internal.</summary>
public sealed class ForeignAwsPsCredentials(ForeignAwsCredentials credentials, string name)
{
    internal ForeignAwsCredentials Credentials { get; } = credentials;
    internal string Name { get; } = name;
    public override string ToString() => Name;
}

/// <summary>A plain object with the three properties (e.g. what a script builds).</summary>
public sealed class PlainKeyObject
{
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string? SessionToken { get; set; }
}

/// <summary>Public twin of TestKeys for the public stand-ins above.</summary>
public sealed record TestKeysPublic(string AccessKeyId, string SecretKey, string? SessionToken);
