using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Errors;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Hosting;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// The AWS Tools common parameters every cmdlet that talks to AWS takes, and the plumbing around them:
    /// one connection resolved lazily per invocation, Ctrl+C cancelling calls in flight, and the engine's host.
    /// This class is the engine's one adapter: <see cref="EngineHost"/> (an <see cref="IEngineHost"/>) queues what the
    /// engine writes, logs, reports and asks from any thread, and the one wait loop (<see cref="WaitForEngine{T}"/>)
    /// performs it on the pipeline thread: results converted by <see cref="ToOutput"/>, errors as records
    /// (terminating or not as the catalogue says, see about_IamKeyHygiene_Errors), log lines as
    /// Verbose/Debug/Warning, progress, ShouldProcess.
    /// Engine types stay in non-public members: PowerShell only ever sees the parameters below.
    /// A derived cmdlet that overrides BeginProcessing, EndProcessing or StopProcessing calls the base first.
    /// </summary>
    public abstract class AwsCmdletBase : PSCmdlet, IDisposable
    {
        private CancellationTokenSource? _cancellation;
        private PipelineHost? _host;
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

        /// <summary>The engine's host for this invocation: call from any thread; performed on the pipeline thread.</summary>
        private protected IEngineHost EngineHost => _host ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>The connection, resolved on first use from the parameters and session variables.</summary>
        private protected AwsConnection Connection => _connection ??= ResolveConnection();

        protected override void BeginProcessing()
        {
            _cancellation = new CancellationTokenSource();
            _host = new PipelineHost(new PipelineSide(this), _cancellation.Token);
        }

        protected override void EndProcessing() => WriteQueued();

        protected override void StopProcessing() => _cancellation?.Cancel();

        public void Dispose()
        {
            _cancellation?.Dispose();
            _host?.Dispose();
        }

        /// <summary>The output object for an engine result or information record written through <see cref="EngineHost"/>
        /// (engine types never reach PowerShell). A cmdlet whose engine work writes them overrides this.</summary>
        private protected virtual object ToOutput(object result)
            => throw new InvalidOperationException($"{GetType().Name} has no output type for the engine's {result.GetType().Name}.");

        /// <summary>
        /// Runs engine work and waits for it on the pipeline thread, performing what it writes to <see cref="EngineHost"/>
        /// while it runs. Throws <see cref="PipelineStoppedException"/> when the user stopped the pipeline. What the
        /// cmdlet waits for here is what the whole invocation needs (the connection, the caller's first call, the
        /// account list, a scan), so its failure is a terminating error; one account's or one key's failure is
        /// written to the host instead.
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

            try
            {
                // What the loop performs may throw too (a terminating engine error, a stopped pipeline): as it is.
                _host!.RunUntil(task);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

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

        /// <summary>As <see cref="WaitForEngine{T}"/>, for work without a result.</summary>
        private protected void WaitForEngine(Func<CancellationToken, Task> work)
            => WaitForEngine<bool>(async token =>
            {
                await work(token).ConfigureAwait(false);
                return true;
            });

        /// <summary>Performs what the engine queued so far, without waiting (between pipeline input objects).</summary>
        private protected void WriteQueued() => _host?.PerformQueued();

        /// <summary>Writes an engine error: terminating when its catalogue entry says so (configuration,
        /// rejected credentials), else non-terminating (one account, one key) and the cmdlet goes on.</summary>
        private void WriteEngineError(EngineException error)
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
            IEngineHost host = EngineHost;
            // Resolution may reach the container or instance metadata endpoints: off the pipeline thread, so
            // Ctrl+C is not stuck behind their time-outs. Without credentials or region nothing can work: an
            // AwsConfiguration error is terminating, naming the profile, never a key.
            return WaitForEngine(_ => Task.Run(() => AwsConnection.Resolve(options, host)));
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
        /// a dictionary of them; a hashtable becomes a dictionary; a list or array a list; all the way down (an event
        /// from ConvertFrom-Json nests them). The engine then duck-types what is left (an AWS.Tools credentials object,
        /// a dictionary with AccessKey/SecretKey…) or reads it as JSON would (ConvertFrom-AccessKeyEvent).
        /// </summary>
        internal static object? ToPlainValue(object? value) => ToPlainValue(value, 0);

        private static object? ToPlainValue(object? value, int depth)
        {
            if (depth > MaxPlainDepth) return value?.ToString();
            switch (value)
            {
                case PSObject wrapped when wrapped.BaseObject is PSCustomObject:
                    var properties = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (PSPropertyInfo property in wrapped.Properties)
                    {
                        properties[property.Name] = ToPlainValue(property.Value, depth + 1);
                    }

                    return properties;
                case PSObject wrapped:
                    return ToPlainValue(wrapped.BaseObject, depth);
                case IDictionary dictionary:
                    var entries = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        entries[entry.Key?.ToString() ?? ""] = ToPlainValue(entry.Value, depth + 1);
                    }

                    return entries;
                case IList list:
                    var items = new List<object?>(list.Count);
                    foreach (var item in list)
                    {
                        items.Add(ToPlainValue(item, depth + 1));
                    }

                    return items;
                default:
                    return value;
            }
        }

        /// <summary>Deeper than any event or credentials object; a value this deep is taken as its text.</summary>
        private const int MaxPlainDepth = 32;

        /// <summary>-WhatIf given, or $WhatIfPreference set.</summary>
        private protected bool IsWhatIf => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
            ? ((SwitchParameter)value).IsPresent
            : GetVariableValue("WhatIfPreference") is object preference && LanguagePrimitives.IsTrue(preference);

        /// <summary>The engine's ShouldProcess on the pipeline thread; an action cmdlet's -Force skips the confirmation only.</summary>
        private protected virtual bool ConfirmChange(string target, string action) => ShouldProcess(target, action);

        /// <summary>What the host's calls become on the pipeline thread (<see cref="PipelineHost"/> calls it there only).</summary>
        private sealed class PipelineSide : IEngineHost
        {
            private readonly AwsCmdletBase _cmdlet;
            private readonly Dictionary<string, int> _activityIds = new Dictionary<string, int>(StringComparer.Ordinal);

            public PipelineSide(AwsCmdletBase cmdlet) => _cmdlet = cmdlet;

            public void WriteResult(object result) => _cmdlet.WriteObject(_cmdlet.ToOutput(result));

            public void WriteError(EngineException failure) => _cmdlet.WriteEngineError(failure);

            public bool ShouldProcess(string target, string action) => _cmdlet.ConfirmChange(target, action);

            public void Verbose(string message) => _cmdlet.WriteVerbose(message);

            public void Debug(string message) => _cmdlet.WriteDebug(message);

            public void Warning(string message) => _cmdlet.WriteWarning(message);

            public void Information(object data, string[] tags) => _cmdlet.WriteInformation(_cmdlet.ToOutput(data), tags);

            public void Progress(string activity, string status, int percentComplete)
            {
                if (!_activityIds.TryGetValue(activity, out var id))
                {
                    _activityIds[activity] = id = _activityIds.Count + 1;
                }

                _cmdlet.WriteProgress(new ProgressRecord(id, activity, status)
                {
                    PercentComplete = Math.Min(percentComplete, 100),
                    RecordType = percentComplete >= 100 ? ProgressRecordType.Completed : ProgressRecordType.Processing,
                });
            }
        }
    }
}
