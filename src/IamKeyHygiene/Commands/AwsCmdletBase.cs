using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Errors;
using IamKeyHygiene.Logging;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// The AWS Tools common parameters every cmdlet that talks to AWS takes, and the plumbing around them:
    /// one connection resolved lazily per invocation, Ctrl+C cancelling calls in flight, engine log lines
    /// written as Verbose/Debug/Warning on the pipeline thread, engine errors turned into error records
    /// (terminating or not as the catalogue says, see about_IamKeyHygiene_Errors).
    /// Engine types stay in non-public members: PowerShell only ever sees the parameters below.
    /// A derived cmdlet that overrides BeginProcessing, EndProcessing or StopProcessing calls the base first.
    /// Work on other threads never writes to the pipeline: it returns results (or logs through
    /// <see cref="EngineLog"/>), and the pipeline thread writes them (see <see cref="WaitWhileFlushing"/>).
    /// </summary>
    public abstract class AwsCmdletBase : PSCmdlet, IDisposable
    {
        private CancellationTokenSource? _cancellation;
        private PipelineEngineLog? _engineLog;
        private AwsConnection? _connection;

        /// <summary>The region to use (AWS Tools: -Region).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>An access key id (AWS Tools: -AccessKey, alias AK).</summary>
        [Parameter]
        [Alias("AK")]
        [ValidateNotNullOrEmpty]
        public string? AccessKey { get; set; }

        /// <summary>The secret access key for -AccessKey. A string, as AWS Tools takes it; never logged.</summary>
        [Parameter]
        [Alias("SK")]
        [ValidateNotNullOrEmpty]
        public string? SecretKey { get; set; }

        /// <summary>The session token for temporary -AccessKey/-SecretKey credentials.</summary>
        [Parameter]
        [Alias("ST")]
        [ValidateNotNullOrEmpty]
        public string? SessionToken { get; set; }

        /// <summary>A profile in the shared credentials/config files or the SDK store.</summary>
        [Parameter]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        /// <summary>The shared credentials file to read profiles from; a relative path is taken from PowerShell's
        /// current location (AWS Tools' aliases AWSProfilesLocation, ProfilesLocation).</summary>
        [Parameter]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        [ValidateNotNullOrEmpty]
        public string? ProfileLocation { get; set; }

        /// <summary>An AWS.Tools AWSCredentials object (or $StoredAWSCredentials); read by duck typing.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Credential { get; set; }

        /// <summary>An endpoint that overrides every service's AWS endpoint (a local emulator, a VPC endpoint).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EndpointUrl { get; set; }

        /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
        private protected CancellationToken CancellationToken
            => (_cancellation ?? throw new InvalidOperationException("BeginProcessing has not run.")).Token;

        /// <summary>The engine's log for this invocation (thread-safe; drained on the pipeline thread).</summary>
        private protected PipelineEngineLog EngineLog
            => _engineLog ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>The connection, resolved on first use from the parameters and session variables.</summary>
        private protected AwsConnection Connection => _connection ??= ResolveConnection();

        protected override void BeginProcessing()
        {
            _cancellation = new CancellationTokenSource();
            _engineLog = new PipelineEngineLog();
        }

        protected override void EndProcessing() => FlushEngineLog();

        protected override void StopProcessing() => _cancellation?.Cancel();

        public void Dispose()
        {
            _cancellation?.Dispose();
            _engineLog?.Dispose();
        }

        /// <summary>
        /// Runs engine work and waits for it on the pipeline thread, writing the engine's log lines while it
        /// runs. Throws <see cref="PipelineStoppedException"/> when the user stopped the pipeline. What the cmdlet
        /// waits for here is what the whole invocation needs (the connection, the caller's first call, the
        /// account list), so its failure is a terminating error; one account's or one key's failure comes as
        /// an event instead (see <see cref="WriteEngineError"/>).
        /// </summary>
        private protected T WaitForEngine<T>(Func<CancellationToken, Task<T>> work)
        {
            Task<T> task;
            try
            {
                task = work(CancellationToken);
            }
            catch (Exception exception)
            {
                task = Task.FromException<T>(exception);
            }
            finally
            {
                FlushEngineLog();
            }

            WaitWhileFlushing(task);
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception exception)
            {
                StopWith(EngineException.From(exception));
                throw; // not reached: StopWith always throws
            }
        }

        /// <summary>Writes an engine error: terminating when its catalogue entry says so (configuration,
        /// rejected credentials), else non-terminating (one account, one key) and the cmdlet goes on.</summary>
        private protected void WriteEngineError(EngineException error)
        {
            if (error.Entry.Terminating)
            {
                StopWith(error);
            }

            WriteError(ErrorRecords.Create(error, ProfileName ?? ProfileLocation));
        }

        /// <summary>Stops the cmdlet with a terminating error record of <paramref name="error"/>.</summary>
        private protected void StopWith(EngineException error)
            => ThrowTerminatingError(ErrorRecords.Create(error, ProfileName ?? ProfileLocation));

        /// <summary>As <see cref="WaitForEngine{T}"/>, for work without a result.</summary>
        private protected void WaitForEngine(Func<CancellationToken, Task> work)
            => WaitForEngine<bool>(async token =>
            {
                await work(token).ConfigureAwait(false);
                return true;
            });

        /// <summary>
        /// Blocks the pipeline thread until the task completes, writing engine log lines as they arrive;
        /// throws <see cref="PipelineStoppedException"/> as soon as the user stops the pipeline.
        /// </summary>
        private protected void WaitWhileFlushing(Task task)
        {
            WaitHandle[] wakeUps = { ((IAsyncResult)task).AsyncWaitHandle, EngineLog.MessageAvailable, CancellationToken.WaitHandle };
            WaitOnPipelineThread(task, wakeUps, drainResults: null);
        }

        /// <summary>
        /// For parallel work: blocks the pipeline thread until <paramref name="work"/> completes, writing each
        /// result that workers queued (through <paramref name="write"/>, e.g. WriteObject) and the engine's log
        /// lines as they arrive. Results still queued when the work ends are written too.
        /// </summary>
        private protected void WaitWhileWriting<T>(Task work, PipelineQueue<T> results, Action<T> write)
        {
            WaitHandle[] wakeUps = { ((IAsyncResult)work).AsyncWaitHandle, EngineLog.MessageAvailable, results.Available, CancellationToken.WaitHandle };
            WaitOnPipelineThread(work, wakeUps, () =>
            {
                foreach (T result in results.Drain())
                {
                    write(result);
                }
            });
        }

        private void WaitOnPipelineThread(Task task, WaitHandle[] wakeUps, Action? drainResults)
        {
            while (!task.IsCompleted)
            {
                WaitHandle.WaitAny(wakeUps);
                FlushEngineLog();
                drainResults?.Invoke();
                if (CancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C: do not wait for a call that ignores cancellation (a slow metadata endpoint).
                    throw new PipelineStoppedException();
                }
            }

            FlushEngineLog();
            drainResults?.Invoke();
        }

        /// <summary>Writes the engine's queued log lines. Call only on the pipeline thread.</summary>
        private protected void FlushEngineLog()
        {
            if (_engineLog == null)
            {
                return;
            }

            foreach (EngineLogMessage message in _engineLog.Drain())
            {
                switch (message.Level)
                {
                    case EngineLogLevel.Verbose:
                        WriteVerbose(message.Text);
                        break;
                    case EngineLogLevel.Debug:
                        WriteDebug(message.Text);
                        break;
                    default:
                        WriteWarning(message.Text);
                        break;
                }
            }
        }

        /// <summary>The AWS Tools common parameters and session variables as the engine reads them.</summary>
        private protected AwsConnectionOptions BuildConnectionOptions() => new AwsConnectionOptions
        {
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            SessionToken = SessionToken,
            Credential = ToPlainValue(Credential),
            ProfileName = ProfileName,
            ProfileLocation = FromCurrentLocation(ProfileLocation),
            StoredCredentials = ToPlainValue(SessionState.PSVariable.GetValue("StoredAWSCredentials")),
            StoredRegion = ToPlainValue(SessionState.PSVariable.GetValue("StoredAWSRegion"))?.ToString(),
            Region = Region,
            EndpointUrl = EndpointUrl,
        };

        private AwsConnection ResolveConnection()
        {
            AwsConnectionOptions options = BuildConnectionOptions();
            PipelineEngineLog log = EngineLog;
            // Resolution may reach the container or instance metadata endpoints: off the pipeline thread, so
            // Ctrl+C is not stuck behind their time-outs. Without credentials or region nothing can work: an
            // AwsConfiguration error is terminating, naming the profile, never a key.
            return WaitForEngine(_ => Task.Run(() => AwsConnection.Resolve(options, log)));
        }

        /// <summary>The endpoint a service call goes to ("sts", "iam", "organizations") and where it was configured;
        /// a configuration that cannot name one (a bad AWS_ENDPOINT_URL_*, a profile's bad endpoint_url) is
        /// terminating, like any other.</summary>
        private protected (string Url, string Source) DescribeEndpoint(string service)
        {
            try
            {
                return Connection.DescribeEndpoint(service);
            }
            catch (Exception exception) when (!(exception is PipelineStoppedException))
            {
                StopWith(EngineException.From(exception));
                throw; // not reached: StopWith always throws
            }
        }

        /// <summary>A relative -ProfileLocation as the user means it: from PowerShell's current file-system location,
        /// not the process's current folder (they differ after Set-Location). "~" is left to the engine.</summary>
        private string? FromCurrentLocation(string? path)
        {
            if (string.IsNullOrWhiteSpace(path) || System.IO.Path.IsPathRooted(path) || path!.StartsWith("~", StringComparison.Ordinal))
            {
                return path;
            }

            return System.IO.Path.Combine(SessionState.Path.CurrentFileSystemLocation.ProviderPath, path);
        }

        /// <summary>
        /// The one place PowerShell's wrappers come off, so the engine sees plain values: a PSObject gives its base
        /// object, except a [pscustomobject], whose values live only in the PSObject's properties and which becomes
        /// a dictionary of them; a hashtable becomes a dictionary with its values unwrapped too. The engine then
        /// duck-types what is left (an AWS.Tools credentials object, a dictionary with AccessKey/SecretKey…).
        /// </summary>
        internal static object? ToPlainValue(object? value)
        {
            switch (value)
            {
                case PSObject wrapped when wrapped.BaseObject is PSCustomObject:
                    var properties = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (PSPropertyInfo property in wrapped.Properties)
                    {
                        properties[property.Name] = Unwrapped(property.Value);
                    }

                    return properties;
                case PSObject wrapped:
                    return ToPlainValue(wrapped.BaseObject);
                case IDictionary dictionary:
                    var entries = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        entries[entry.Key?.ToString() ?? ""] = Unwrapped(entry.Value);
                    }

                    return entries;
                default:
                    return value;
            }
        }

        private static object? Unwrapped(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
