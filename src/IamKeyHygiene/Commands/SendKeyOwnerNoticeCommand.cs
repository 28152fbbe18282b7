using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Templates;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Engine.Policy.Owners;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Commands
{
    /// <summary>Send-KeyOwnerNotice: collects the whole pipeline (findings and action results), then tells each owner
    /// once about all their keys, the account e-mail or fallback channel about unowned keys, and a summary channel about
    /// the run. The engine's NoticeService joins, routes, renders and sends; this class only binds.</summary>
    [Cmdlet(VerbsCommunications.Send, "KeyOwnerNotice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(NoticeResult))]
    public sealed class SendKeyOwnerNoticeCommand : NoticeCmdletBase
    {
        private readonly List<KeyFinding> _findings = new List<KeyFinding>();
        private readonly List<KeyActionRecord> _actions = new List<KeyActionRecord>();
        private TemplateSet? _templates;
        private EngineClock? _clock;

        /// <summary>Findings (Get-StaleAccessKey, new-key events) or action results (Disable-StaleAccessKey…).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        [Parameter]
        [ValidateNotNull]
        public object? Policy { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OwnersPath { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                _clock = EngineClock.FromEnvironment(Environment.GetEnvironmentVariable);
                _templates = LoadTemplates();
            }
            catch (ArgumentException exception)
            {
                StopWith(new EngineException(ErrorCatalog.InvalidClockOffset, EngineClock.OffsetVariable, exception.Message, exception));
            }
            catch (EngineException exception)
            {
                StopWith(exception);
            }
        }

        protected override void ProcessRecord()
        {
            foreach (var input in InputObject ?? Array.Empty<PSObject>())
            {
                try
                {
                    if (NoticeInput.IsActionResult(input)) _actions.Add(NoticeInput.Action(input));
                    else _findings.Add(NoticeInput.Finding(input));
                }
                catch (ArgumentException exception)
                {
                    StopWith(new EngineException(ErrorCatalog.NotAFinding, input.ToString(), exception.Message, exception));
                }
            }
        }

        protected override void EndProcessing()
        {
            if (Policy != null || OwnersPath != null)
            {
                try
                {
                    var policy = PolicyParameter.Load(this, Policy, null, OwnersPath);
                    NoticeOwners.Fill(_findings, policy);
                    NoticeOwners.Fill(ActedOn(), policy);
                }
                catch (EngineException exception)
                {
                    StopWith(exception);
                }
            }

            var settings = NoticeSettings();
            var options = new NoticeOptions
            {
                RunId = ActionService.NewRunId(),
                DefaultLanguage = DefaultLanguage,
                SummaryChannel = SummaryChannel,
                FallbackChannel = FallbackChannel,
            };
            var connection = NoticesNeedAws ? Connection : null;
            var channels = WaitForEngine(ct => NoticeChannels.CreateAsync(settings, connection, EngineHost, ct));
            try
            {
                var service = new NoticeService(EngineHost, _clock!);
                WaitForEngine(ct => service.SendAsync(_findings, _actions, channels, _templates!, options, ct));
            }
            finally
            {
                // The HTTP channels own an HttpClient and e-mail one SMTP connection for the run.
                foreach (var channel in channels)
                {
                    (channel as IDisposable)?.Dispose();
                }
            }

            base.EndProcessing();
        }

        private protected override object ToOutput(object result) => result is NoticeRecord record ? new NoticeResult(record) : base.ToOutput(result);

        private IEnumerable<KeyFinding> ActedOn()
        {
            foreach (var action in _actions)
            {
                if (action.Finding != null) yield return action.Finding;
            }
        }
    }
}
