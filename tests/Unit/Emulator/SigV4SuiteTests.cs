using System.Text;
using System.Text.Json;
using IamKeyHygiene.Emulator.Auth;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>The verifier against AWS's SigV4 test suites (botocore and aws-c-auth) and the requests awscli really sent.</summary>
public sealed class SigV4SuiteTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public sealed record SignedCase(string Name, string RawRequest, bool Normalize, string Secret)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<object[]> BotocoreCases()
    {
        var root = AwsReference.Path("sigv4", "botocore-aws4_testsuite");
        foreach (var sreq in Directory.EnumerateFiles(root, "*.sreq", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetRelativePath(root, sreq);
            yield return new object[] { new SignedCase("botocore/" + name, WithAuthz(File.ReadAllText(sreq), System.IO.Path.ChangeExtension(sreq, ".authz")), true, Secret) };
        }
    }

    /// <summary>
    /// The .authz file is the suite's expected Authorization value; get-vanilla-with-session-token's .sreq carries a stale
    /// one (the vanilla signature) while its .creq/.sts/.authz include the token, so the .authz value is used.
    /// </summary>
    private static string WithAuthz(string sreq, string authzFile)
    {
        if (!File.Exists(authzFile))
        {
            return sreq;
        }

        var authz = File.ReadAllText(authzFile).Trim();
        var lines = sreq.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
            {
                lines[i] = "Authorization: " + authz;
            }
        }

        return string.Join('\n', lines);
    }

    public static IEnumerable<object[]> AwsCAuthCases()
    {
        var root = AwsReference.Path("sigv4", "aws-c-auth-v4");
        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            using var context = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(dir, "context.json")));
            var normalize = context.RootElement.GetProperty("normalize").GetBoolean();
            var secret = context.RootElement.GetProperty("credentials").GetProperty("secret_access_key").GetString()!;
            foreach (var kind in new[] { "header", "query" })
            {
                var file = System.IO.Path.Combine(dir, kind + "-signed-request.txt");
                if (File.Exists(file))
                {
                    yield return new object[] { new SignedCase($"aws-c-auth/{System.IO.Path.GetFileName(dir)}/{kind}", File.ReadAllText(file), normalize, secret) };
                }
            }
        }
    }

    public static IEnumerable<object[]> AwsCliCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(AwsReference.Path("samples", "awscli-2.9.19", "requests.json")));
        var index = 0;
        foreach (var cliCase in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            foreach (var exchange in cliCase.GetProperty("exchanges").EnumerateArray())
            {
                var request = exchange.GetProperty("request");
                var builder = new StringBuilder();
                builder.Append(request.GetProperty("method").GetString()).Append(' ').Append(request.GetProperty("path").GetString()).Append(" HTTP/1.1\n");
                foreach (var header in request.GetProperty("headers").EnumerateArray())
                {
                    builder.Append(header[0].GetString()).Append(':').Append(header[1].GetString()).Append('\n');
                }

                builder.Append('\n').Append(request.GetProperty("body").GetString());
                yield return new object[] { new SignedCase($"awscli/{index++}/{cliCase.GetProperty("argv")[0]} {cliCase.GetProperty("argv")[1]}", builder.ToString(), true, Secret) };
            }
        }
    }

    [Theory]
    [MemberData(nameof(BotocoreCases))]
    [MemberData(nameof(AwsCAuthCases))]
    [MemberData(nameof(AwsCliCases))]
    public void AcceptsTheSignedRequest(SignedCase signedCase)
    {
        var request = RawHttp.Parse(signedCase.RawRequest);
        var parsed = SigV4Verifier.Parse(request);
        Assert.True(parsed.Signature is not null, parsed.Message);
        Assert.True(SigV4Verifier.SignatureMatches(request, parsed.Signature!, signedCase.Secret, signedCase.Normalize), "signature rejected");
        Assert.False(SigV4Verifier.SignatureMatches(request, parsed.Signature!, signedCase.Secret + "x", signedCase.Normalize), "a wrong secret was accepted");
    }

    [Theory]
    [MemberData(nameof(BotocoreCases))]
    [MemberData(nameof(AwsCAuthCases))]
    [MemberData(nameof(AwsCliCases))]
    public void RejectsTheRequestWithOneByteChanged(SignedCase signedCase)
    {
        var mutations = RawHttp.OneByteMutations(signedCase.RawRequest).ToList();
        Assert.NotEmpty(mutations);
        foreach (var (description, mutated) in mutations)
        {
            var request = RawHttp.Parse(mutated);
            var parsed = SigV4Verifier.Parse(request);
            var accepted = parsed.Signature is not null && SigV4Verifier.SignatureMatches(request, parsed.Signature, signedCase.Secret, signedCase.Normalize);
            Assert.False(accepted, $"accepted with {description}");
        }
    }

    [Fact]
    public void ReportsSkewAgainstTheWallClockInAwsWords()
    {
        var request = RawHttp.Parse(File.ReadAllText(AwsReference.Path("sigv4", "botocore-aws4_testsuite", "get-vanilla", "get-vanilla.sreq")));
        var signature = SigV4Verifier.Parse(request).Signature!;
        var at = signature.RequestTime;

        Assert.Equal(SigV4Problem.None, SigV4Verifier.CheckTime(signature, at.AddMinutes(14)).Problem);
        Assert.Equal(SigV4Problem.None, SigV4Verifier.CheckTime(signature, at.AddMinutes(-14)).Problem);
        var late = SigV4Verifier.CheckTime(signature, at.AddMinutes(16));
        Assert.Equal(SigV4Problem.Expired, late.Problem);
        Assert.Equal("Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)", late.Message);
        var early = SigV4Verifier.CheckTime(signature, at.AddMinutes(-16));
        Assert.StartsWith("Signature not yet current: 20150830T123600Z is still later than", early.Message, StringComparison.Ordinal);
    }
}

/// <summary>Parses the suites' raw HTTP text (\n or \r\n, folded header lines) into a SigV4Request, and makes one-byte mutations of it.</summary>
internal static class RawHttp
{
    public static SigV4Request Parse(string raw)
    {
        var text = raw.Replace("\r\n", "\n");
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text : text[..headerEnd];
        var body = headerEnd < 0 ? string.Empty : text[(headerEnd + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ');
        var lastSpace = requestLine.LastIndexOf(' ');
        var method = requestLine[..firstSpace];
        var target = requestLine[(firstSpace + 1)..lastSpace];
        var question = target.IndexOf('?');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if ((line.StartsWith(' ') || line.StartsWith('\t')) && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        return new SigV4Request(method, question < 0 ? target : target[..question], question < 0 ? string.Empty : target[(question + 1)..], headers, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Variants with exactly one byte changed in a signed part: method, path, query, each signed header's value, body, signature.</summary>
    public static IEnumerable<(string Description, string Raw)> OneByteMutations(string raw)
    {
        var request = Parse(raw);
        var signature = SigV4Verifier.Parse(request).Signature!;
        var text = raw;
        yield return ("method", Replace(text, 0));
        var targetStart = text.IndexOf(' ') + 1;
        var targetEnd = text.IndexOf(' ', targetStart);
        var target = text[targetStart..targetEnd];
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        // A byte inside a segment that normalisation removes ("/a/..") rightly changes nothing: mutate one that survives.
        for (var i = path.Length - 1; i >= 0; i--)
        {
            if (char.IsAsciiLetterOrDigit(path[i]) && SigV4Canonical.CanonicalUri(path, true) != SigV4Canonical.CanonicalUri(path[..i] + "x" + path[(i + 1)..], true) && path[i] != 'x')
            {
                yield return ("path", Replace(text, targetStart + i));
                break;
            }
        }

        if (question >= 0)
        {
            var query = target[(question + 1)..];
            foreach (var (start, length) in QueryValueSpans(query))
            {
                var name = query[start..(start + length)];
                if (name.StartsWith("X-Amz-Signature=", StringComparison.Ordinal) || name.StartsWith("X-Amz-Security-Token", StringComparison.Ordinal))
                {
                    continue;
                }

                var offset = LastAlphanumeric(name);
                if (offset >= 0)
                {
                    yield return ("query " + name, Replace(text, targetStart + question + 1 + start + offset));
                }
            }
        }

        var lineStart = text.IndexOf('\n') + 1;
        while (lineStart < text.Length && text[lineStart] != '\n' && text[lineStart] != '\r')
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var line = text[lineStart..lineEnd].TrimEnd('\r');
            var colon = line.IndexOf(':');
            if (colon > 0 && signature.SignedHeaders.Contains(line[..colon].ToLowerInvariant()))
            {
                var offset = LastAlphanumeric(line[(colon + 1)..]);
                if (offset >= 0)
                {
                    yield return ("header " + line[..colon], Replace(text, lineStart + colon + 1 + offset));
                }
            }

            if (colon > 0 && line[..colon].Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                yield return ("signature", Replace(text, lineStart + line.Length - 1));
            }

            lineStart = lineEnd + 1;
        }

        var bodyStart = text.Replace("\r\n", "\n") == text ? text.IndexOf("\n\n", StringComparison.Ordinal) + 2 : text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        if (bodyStart > 1 && bodyStart < text.Length)
        {
            yield return ("body", Replace(text, bodyStart));
        }

        if (question >= 0 && target.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) is var sig and >= 0)
        {
            yield return ("query signature", Replace(text, targetStart + sig + "X-Amz-Signature=".Length));
        }
    }

    private static IEnumerable<(int Start, int Length)> QueryValueSpans(string query)
    {
        var start = 0;
        foreach (var pair in query.Split('&'))
        {
            yield return (start, pair.Length);
            start += pair.Length + 1;
        }
    }

    private static int LastAlphanumeric(string value)
    {
        for (var i = value.Length - 1; i >= 0; i--)
        {
            if (char.IsAsciiLetterOrDigit(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Replace(string text, int index)
    {
        var c = text[index];
        var replacement = c switch
        {
            >= '0' and < '9' => (char)(c + 1),
            '9' => '0',
            >= 'a' and < 'z' => (char)(c + 1),
            'z' => 'a',
            >= 'A' and < 'Z' => (char)(c + 1),
            'Z' => 'A',
            _ => 'x',
        };
        return text[..index] + replacement + text[(index + 1)..];
    }
}
