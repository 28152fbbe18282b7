using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MimeKit;

namespace IamKeyHygiene.Tests.Unit;

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd, <c>tests/Smtp/smtp_server.py</c>) on 127.0.0.1 for the e-mail tests:
/// STARTTLS (required), implicit TLS and plain listeners, AUTH for one user, a per-run test CA and server certificate.
/// Every message received is read back as bytes and parsed with MimeKit. One per test class (xunit class fixture).
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    public const string User = "AKIAIOSFODNN7EXAMPLE";

    /// <summary>A made-up password in the shape of an SES SMTP password, which the tests search every output for.</summary>
    public const string Password = "BKz3tW9vQxY2mN8pLr5sT1uV7wX0yZ4aB6cD8eF0gH2i";

    /// <summary>Debian's interpreter, where python3-aiosmtpd is installed (a pyenv python3 on PATH lacks it).</summary>
    private const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly string _folder;

    public SmtpTestServer()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: the e-mail tests need Debian's python3-aiosmtpd (build.ps1 -Task Test installs it).");
        }

        _folder = Directory.CreateTempSubdirectory("ikh-smtp-").FullName;
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Repository.Path("tests", "Smtp", "smtp_server.py"), "--directory", _folder, "--user", User, "--auth-required" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SMTP_TEST_PASSWORD"] = Password;
        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        // Drained all along: aiosmtpd's warnings must never fill the pipe and stall the server.
        var errors = _process.StandardError.ReadToEndAsync();
        var ready = _process.StandardOutput.ReadLine();
        if (ready == null)
        {
            _process.WaitForExit(10_000);
            throw new InvalidOperationException("The SMTP test server did not start (is python3-aiosmtpd installed? build.ps1 -Task Test installs it):\n"
                + (errors.IsCompleted ? errors.Result : ""));
        }

        using var info = JsonDocument.Parse(ready);
        Port = info.RootElement.GetProperty("port").GetInt32();
        TlsPort = info.RootElement.GetProperty("tlsPort").GetInt32();
        PlainPort = info.RootElement.GetProperty("plainPort").GetInt32();
        CertificatePath = info.RootElement.GetProperty("certificate").GetString()!;
        CaCertificatePath = info.RootElement.GetProperty("caCertificate").GetString()!;
        MailDirectory = info.RootElement.GetProperty("mailDirectory").GetString()!;
    }

    /// <summary>STARTTLS required; AUTH only after it.</summary>
    public int Port { get; }

    /// <summary>Implicit TLS (as port 465).</summary>
    public int TlsPort { get; }

    /// <summary>No TLS offered, no AUTH.</summary>
    public int PlainPort { get; }

    /// <summary>The server's own certificate (issued by the test CA).</summary>
    public string CertificatePath { get; }
    public string CaCertificatePath { get; }
    public string MailDirectory { get; }

    public X509Certificate2 Certificate => X509CertificateLoader.LoadCertificateFromFile(CertificatePath);
    public X509Certificate2 CaCertificate => X509CertificateLoader.LoadCertificateFromFile(CaCertificatePath);

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<ReceivedMail> Messages() =>
        Directory.GetFiles(MailDirectory, "*.eml").OrderBy(f => f, StringComparer.Ordinal).Select(ReceivedMail.Read).ToList();

    /// <summary>The messages sent to one address (each test uses its own).</summary>
    public IReadOnlyList<ReceivedMail> MessagesTo(string address) =>
        Messages().Where(m => m.RcptTos.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Every AUTH attempt: user, success, whether over TLS, which connection (never the password).</summary>
    public IReadOnlyList<JsonElement> AuthAttempts()
    {
        var path = Path.Combine(MailDirectory, "auth.jsonl");
        return File.Exists(path)
            ? File.ReadAllLines(path).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList()
            : new List<JsonElement>();
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>One message as the server received it: its raw bytes, MimeKit's parse, and the envelope.</summary>
public sealed record ReceivedMail(byte[] Raw, MimeMessage Message, string MailFrom, IReadOnlyList<string> RcptTos, bool Authenticated,
    bool Tls, int Connection)
{
    public static ReceivedMail Read(string emlPath)
    {
        var raw = File.ReadAllBytes(emlPath);
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(emlPath, ".json")));
        var root = meta.RootElement;
        using var stream = new MemoryStream(raw);
        return new ReceivedMail(raw, MimeMessage.Load(stream), root.GetProperty("mailFrom").GetString()!,
            root.GetProperty("rcptTos").EnumerateArray().Select(e => e.GetString()!).ToList(),
            root.GetProperty("authenticated").GetBoolean(), root.GetProperty("tls").GetBoolean(), root.GetProperty("connection").GetInt32());
    }
}
