using System;
using System.Management.Automation;
using System.Security;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// Invoke-AccessKeyRotation. Parameter set Self: rotates the long-term access key of a profile in the shared credentials
    /// file (create, verify, write the new key into the file atomically with an owner-only backup, deactivate the old key and
    /// tag it disabled=). The organization-wide rotation of findings is another parameter set of this cmdlet (later).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AccessKeyRotation", DefaultParameterSetName = SelfSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(KeyActionResult), typeof(SecureString))]
    public sealed class InvokeAccessKeyRotationCommand : AwsCmdletBase
    {
        private const string SelfSet = "Self";

        /// <summary>Rotate the key of the profile in use (-ProfileName, -ProfileLocation) and write the new key back into the credentials file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SelfSet)]
        public SwitchParameter Self { get; set; }

        /// <summary>The serial number (ARN) of your MFA device: the IAM calls then use an STS GetSessionToken session, for accounts whose self-service policy requires MFA. Give -TokenCode with it.</summary>
        [Parameter(ParameterSetName = SelfSet)]
        [ValidateNotNullOrEmpty]
        public string? MfaSerialNumber { get; set; }

        /// <summary>The current six-digit code of the MFA device named by -MfaSerialNumber. Never logged.</summary>
        [Parameter(ParameterSetName = SelfSet)]
        [ValidatePattern("^[0-9]{6}$")]
        public string? TokenCode { get; set; }

        /// <summary>What to do with the old key once the new one is in the file: Deactivate (tag disabled=, deleted by a later run after the recovery window) or Delete, which also only deactivates now and says so. Default: Deactivate.</summary>
        [Parameter(ParameterSetName = SelfSet)]
        [ValidateSet("Deactivate", "Delete")]
        public string OldKeyAction { get; set; } = "Deactivate";

        /// <summary>Also return the new secret access key, only as a SecureString (never as plain text).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Where the audit log goes: a local JSON-lines file or an s3://bucket/prefix URI (default:
        /// IamKeyHygiene/audit/audit.jsonl under the local application data folder; docs/records.md).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AuditLogPath { get; set; }

        /// <summary>Skip the confirmation prompt. -WhatIf still only reports; -Force never skips a safety rail.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (string.IsNullOrEmpty(MfaSerialNumber) != string.IsNullOrEmpty(TokenCode))
            {
                StopWith(new EngineException(ErrorCatalog.SelfRotationCredentialSource, ProfileName,
                    "-MfaSerialNumber and -TokenCode go together: give both to use an MFA session, or neither."));
            }

            EngineClock clock = EngineClock.Wall;
            try
            {
                clock = EngineClock.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (ArgumentException exception)
            {
                StopWith(new EngineException(ErrorCatalog.InvalidClockOffset, EngineClock.OffsetVariable, exception.Message, exception));
            }

            var request = new SelfRotationRequest
            {
                Connection = BuildConnectionOptions(),
                MfaSerialNumber = MfaSerialNumber,
                TokenCode = TokenCode,
                OldKeyAction = OldKeyAction == "Delete" ? Engine.Actions.OldKeyAction.Delete : Engine.Actions.OldKeyAction.Deactivate,
                PassThru = PassThru,
                Clock = clock,
                RunId = ActionService.NewRunId(),
            };
            IAuditLog audit = null!;
            try
            {
                audit = AuditLogParameter.Open(this, AuditLogPath, () => Connection, EngineHost, request.RunId);
            }
            catch (EngineException exception)
            {
                StopWith(exception);
            }

            using (audit)
            {
                SelfRotationResult result = WaitForEngine(token => SelfRotationService.RotateAsync(request, EngineHost, audit, token));
                WriteObject(new KeyActionResult(result.Record));
                if (result.NewSecretAccessKey != null)
                {
                    WriteObject(result.NewSecretAccessKey);
                }
            }
        }

        private protected override bool ConfirmChange(string target, string action)
            => Force.IsPresent && !IsWhatIf ? true : ShouldProcess(target, action);
    }
}
