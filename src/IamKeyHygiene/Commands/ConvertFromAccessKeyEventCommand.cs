using System;
using System.Management.Automation;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Events;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Errors;
using IamKeyHygiene.Models;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// <para type="synopsis">Turns a CloudTrail CreateAccessKey event into a finding of stage NewKey: who created which key, for whom, from where.</para>
    /// <para type="description">Takes the event in any shape a runbook is handed it and writes one AccessKeyFinding per
    /// event, its owner resolved from the policy's owners file. Makes no AWS call.</para>
    /// </summary>
    [Cmdlet(VerbsData.ConvertFrom, "AccessKeyEvent")]
    [OutputType(typeof(AccessKeyFinding))]
    public sealed class ConvertFromAccessKeyEventCommand : PSCmdlet
    {
        private AccessKeyEventService? _events;

        /// <summary><para type="description">The event: JSON text (Get-Content -Raw, a webhook's body), the object ConvertFrom-Json makes of it, a hashtable, or Azure Automation's $WebhookData. Each may be the CloudTrail record, the EventBridge event around it, an SNS notification carrying either, or WebhookData whose RequestBody holds one of these.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object InputObject { get; set; } = "";

        /// <summary><para type="description">A policy from New-KeyHygienePolicy, or the path of a policy JSON file: its owners file and owner tag keys say who owns each new key. Default: the default policy, no owners file.</para></summary>
        [Parameter]
        [ValidateNotNull]
        public object? Policy { get; set; }

        /// <summary><para type="description">An owners file (JSON); overrides the policy's ownersPath.</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OwnersPath { get; set; }

        /// <summary><para type="description">The role session name the module's rotation runs under in member accounts (Get-OrganizationAccount -RoleSessionName). A key created by such a session, or by the module's own AWS clients (their user agent), gets reason CreatedByKeyHygiene. Default: IamKeyHygiene.</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string RoleSessionName { get; set; } = RoleSessionOptions.DefaultRoleSessionName;

        protected override void BeginProcessing()
        {
            // The clock and the owners are read and validated before the first event; a mistake is terminating.
            EngineClock clock;
            try
            {
                clock = EngineClock.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (ArgumentException exception)
            {
                ThrowTerminatingError(ErrorRecords.Create(new EngineException(ErrorCatalog.InvalidClockOffset, EngineClock.OffsetVariable, exception.Message, exception)));
                return;
            }

            try
            {
                _events = new AccessKeyEventService(PolicyParameter.Load(this, Policy, null, OwnersPath), clock, RoleSessionName);
            }
            catch (EngineException exception)
            {
                ThrowTerminatingError(ErrorRecords.Create(exception));
            }
        }

        protected override void ProcessRecord()
        {
            foreach (var json in _events!.EventsIn(AwsCmdletBase.ToPlainValue(InputObject)!))
            {
                try
                {
                    WriteObject(ExportText.WithReadableText(new AccessKeyFinding(_events.Convert(json))));
                }
                catch (EngineException exception)
                {
                    // One event that gives no key; the next one may.
                    WriteError(ErrorRecords.Create(exception));
                }
            }
        }
    }
}
