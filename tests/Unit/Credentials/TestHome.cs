using IamKeyHygiene.Engine.Aws;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>
/// A throwaway home folder with its own .aws files and an injected environment, so a test depends on
/// nothing of the machine's and tests run in parallel. Instance metadata is off unless a test turns it on
/// (off EC2 a probe would cost a timeout).
/// </summary>
internal sealed class TestHome : IDisposable
{
    public TestHome()
    {
        Root = Path.Combine(Path.GetTempPath(), "ikh-cred-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, ".aws"));
        Environment["HOME"] = Root;
        Environment["AWS_EC2_METADATA_DISABLED"] = "true";
    }

    public string Root { get; }
    public string AwsFolder => Path.Combine(Root, ".aws");
    public string CredentialsPath => Path.Combine(AwsFolder, "credentials");
    public string ConfigPath => Path.Combine(AwsFolder, "config");
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public TestHome Credentials(string text)
    {
        File.AppendAllText(CredentialsPath, text.Replace("\r\n", "\n") + "\n");
        return this;
    }

    public TestHome Config(string text)
    {
        File.AppendAllText(ConfigPath, text.Replace("\r\n", "\n") + "\n");
        return this;
    }

    public TestHome Env(string name, string value)
    {
        Environment[name] = value;
        return this;
    }

    /// <summary>Writes an executable bash script and returns its path.</summary>
    public string Script(string name, string body)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body.Replace("\r\n", "\n") + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public AwsConnectionOptions Options(Action<AwsConnectionOptions>? configure = null)
    {
        var options = new AwsConnectionOptions { Environment = Environment };
        configure?.Invoke(options);
        return options;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
