using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// A profile's credential_process: the command runs through the platform shell (sh -c, or cmd /C on
    /// Windows) and prints a Version 1 JSON document; it runs again when its Expiration nears, never when
    /// the document has none. Kept instead of AWSSDK.Core's ProcessAWSCredentials, which waits for a hung helper
    /// forever (a runbook would hang), doubles every backslash when it quotes the command for sh, and puts the
    /// helper's whole stderr in its error; CredentialProcessTests pin all three.
    /// </summary>
    internal sealed class ProcessCredentials : FetchingCredentials
    {
        /// <summary>A hung helper must not hang a runbook forever; interactive helpers get minutes.</summary>
        internal static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

        private readonly string _command;
        private readonly string _profileName;

        public ProcessCredentials(string command, string profileName)
        {
            _command = command;
            _profileName = profileName;
        }

        public override string Description => $"credential_process of profile '{_profileName}'";

        protected override async Task<TemporaryCredentialsDocument> FetchAsync()
        {
            var start = new ProcessStartInfo
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                CreateNoWindow = true,
            };
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                start.FileName = Environment.GetEnvironmentVariable("ComSpec") ?? "cmd.exe";
                start.Arguments = "/d /s /c \"" + _command + "\"";
            }
            else
            {
                // netstandard2.0 has no ArgumentList: .NET splits Arguments by the Windows rules everywhere.
                start.FileName = "/bin/sh";
                start.Arguments = "-c " + QuoteArgument(_command);
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("no process");
            }
            catch (Exception e) when (!(e is AwsConfigurationException))
            {
                throw new AwsConfigurationException($"{Description} could not be started: {e.Message}", e);
            }

            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                var exited = await Task.Run(() => process.WaitForExit((int)Timeout.TotalMilliseconds)).ConfigureAwait(false);
                if (!exited)
                {
                    try { process.Kill(); } catch (InvalidOperationException) { /* it just ended */ }
                    throw new AwsConfigurationException($"{Description} did not finish within {Timeout.TotalMinutes:0} minutes and was stopped.");
                }
                process.WaitForExit(); // flushes the redirected streams
                var output = await stdout.ConfigureAwait(false);
                var errors = await stderr.ConfigureAwait(false);

                if (process.ExitCode != 0)
                    throw new AwsConfigurationException($"{Description} exited with code {process.ExitCode}{DescribeStandardError(errors)}.");

                return TemporaryCredentialsDocument.Parse(output, Description, requireVersion1: true);
            }
        }

        /// <summary>Quotes one argument so .NET's command-line splitting gives it back unchanged.</summary>
        internal static string QuoteArgument(string argument)
        {
            var quoted = new System.Text.StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                // Backslashes before a quote are doubled, and the quote escaped; elsewhere they stay as they are.
                quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                backslashes = 0;
                quoted.Append(c);
            }
            quoted.Append('\\', backslashes * 2);
            return quoted.Append('"').ToString();
        }

        /// <summary>The last line of stderr, short: enough to diagnose, and never stdout (which holds secrets).</summary>
        private static string DescribeStandardError(string errors)
        {
            var lines = errors.Trim().Split('\n');
            var last = lines[lines.Length - 1].Trim();
            if (last.Length == 0)
                return "";
            if (last.Length > 200)
                last = last.Substring(0, 200) + "…";
            return $": {last}";
        }
    }
}
