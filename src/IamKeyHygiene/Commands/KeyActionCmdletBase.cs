using System;
using System.Collections.Generic;
using System.Management.Automation;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Hosting;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// The parameters every action cmdlet binds and the one way they run an engine <see cref="KeyAction"/>: findings
    /// collected in ProcessRecord, then in EndProcessing the clock check, the run's rails, circuit breaker and
    /// ShouldProcess per key on the pipeline thread, the accounts the approved keys need, and the parallel work, results
    /// written as they complete. The engine decides; this class only binds.
    /// </summary>
    public abstract class KeyActionCmdletBase : AwsCmdletBase
    {
        /// <summary>The parameter set of findings (or objects with their properties) on the pipeline: the cmdlet's only one, or the default of Invoke-AccessKeyRotation and Restore-AccessKey.</summary>
        private protected const string FindingsSet = "Findings";

        private readonly List<Engine.Scan.KeyFinding> _findings = new List<Engine.Scan.KeyFinding>();
        private HygienePolicy? _policy;
        private EngineClock? _clock;

        /// <summary>Findings from Get-StaleAccessKey, or objects with their properties (Import-Csv, ConvertFrom-Json):
        /// AccountId, UserName, AccessKeyId, Stage, Reasons, PolicyHash, IsPreview, EvaluatedAt…</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0, ParameterSetName = FindingsSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        /// <summary>The role to assume in each account the findings name, other than the caller's (as Get-StaleAccessKey
        /// -AccountId -RoleName). Without it only keys of the caller's own account are acted on.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RoleName { get; set; }

        /// <summary>With -RoleName: the external id the role's trust policy requires.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExternalId { get; set; }

        /// <summary>The policy the findings were judged under (object or path); the key is re-judged under it.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Policy { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExemptionsPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OwnersPath { get; set; }

        /// <summary>Where the audit log goes: a local JSON-lines file or an s3://bucket/prefix URI (default:
        /// IamKeyHygiene/audit/audit.jsonl under the local application data folder; docs/records.md).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AuditLogPath { get; set; }

        /// <summary>Accounts acted in at the same time (1–64, default 8).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ActionSettings.DefaultThrottleLimit;

        /// <summary>Skips the confirmation only; never a safety rail (not the circuit breaker, not the re-judge).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The engine's action.</summary>
        private protected abstract KeyAction Action { get; }

        /// <summary>False for a parameter set that takes no findings (Invoke-AccessKeyRotation -Self): this class then only binds.</summary>
        private protected virtual bool ActsOnFindings => true;

        /// <summary>The circuit-breaker overrides the cmdlet has (-MaxDisable, -MaxDelete).</summary>
        private protected abstract void Override(ActionSettings settings);

        /// <summary>Keys named by parameters rather than findings (Restore-AccessKey -AccessKeyId or -RunId); read
        /// before the run's own audit log is opened.</summary>
        private protected virtual IReadOnlyList<(string AccountId, string UserName, string AccessKeyId)> NamedKeys()
            => Array.Empty<(string, string, string)>();

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!ActsOnFindings) return;
            try
            {
                _clock = EngineClock.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (ArgumentException exception)
            {
                StopWith(new EngineException(ErrorCatalog.InvalidClockOffset, EngineClock.OffsetVariable, exception.Message, exception));
            }

            try
            {
                _policy = PolicyParameter.Load(this, Policy, ExemptionsPath, OwnersPath);
                new ActionService(Connection, EngineHost).CheckClock(_clock!);
            }
            catch (EngineException exception)
            {
                StopWith(exception);
            }
        }

        protected override void ProcessRecord()
        {
            if (!ActsOnFindings) return;
            foreach (var input in InputObject ?? Array.Empty<PSObject>())
            {
                try
                {
                    _findings.Add(FindingInput.From(input));
                }
                catch (ArgumentException exception)
                {
                    StopWith(new EngineException(ErrorCatalog.NotAFinding, input.ToString(), exception.Message, exception));
                }
            }
        }

        protected override void EndProcessing()
        {
            if (!ActsOnFindings)
            {
                base.EndProcessing();
                return;
            }

            var named = NamedKeys();
            var settings = new ActionSettings { ThrottleLimit = ThrottleLimit, WhatIf = IsWhatIf, RunId = ActionService.NewRunId() };
            Override(settings);
            var service = new ActionService(Connection, EngineHost);
            using (var audit = OpenAuditLog(settings.RunId))
            {
                var run = WaitForEngine(ct => service.StartAsync(Action, _policy!, _clock!, settings, audit, ct));
                foreach (var finding in _findings)
                {
                    run.Add(finding);
                }

                foreach (var (accountId, userName, accessKeyId) in named)
                {
                    run.AddKey(accountId, userName, accessKeyId);
                }

                try
                {
                    run.Confirm();
                }
                catch (EngineException exception)
                {
                    StopWith(exception);
                }

                var roles = RoleName == null ? null : new RoleSessionOptions(RoleName) { ExternalId = ExternalId };
                var accounts = WaitForEngine(ct => service.ResolveAccountsAsync(run.AccountIds, roles, ct));
                WaitForEngine(ct => run.ExecuteAsync(accounts, ct));
            }

            base.EndProcessing();
        }

        private protected override bool ConfirmChange(string target, string action)
            => Force.IsPresent && !IsWhatIf ? true : ShouldProcess(target, action);

        private protected override object ToOutput(object result) => result is KeyActionRecord record ? new KeyActionResult(record) : base.ToOutput(result);


        private IAuditLog OpenAuditLog(string runId)
        {
            try
            {
                return AuditLogParameter.Open(this, AuditLogPath, () => Connection, EngineHost, runId);
            }
            catch (EngineException exception)
            {
                StopWith(exception);
                throw;
            }
        }
    }
}
