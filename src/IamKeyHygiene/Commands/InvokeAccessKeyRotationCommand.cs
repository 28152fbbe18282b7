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
    /// Invoke-AccessKeyRotation. Default parameter set: findings from Get-StaleAccessKey under a Rotate policy, each by its
    /// re-judged stage (Rotate: a successor stored in Secrets Manager and verified; Disable: deactivate the old key; Delete:
    /// delete it), through the action engine's rails (docs/rotation.md). Parameter set Self: rotates the long-term access
    /// key of a profile in the shared credentials file (create, verify, write the new key into the file atomically with an
    /// owner-only backup, deactivate the old key and tag it disabled=).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AccessKeyRotation", DefaultParameterSetName = FindingsSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(KeyActionResult), typeof(SecureString))]
    public sealed class InvokeAccessKeyRotationCommand : KeyActionCmdletBase
    {
        private const string SelfSet = "Self";

        /// <summary>The account whose Secrets Manager holds the new keys; without it, each key's own account (through -RoleName). Needs -SecretRoleName and -KmsKeyId.</summary>
        [Parameter(ParameterSetName = FindingsSet)]
        [ValidatePattern("^[0-9]{12}$")]
        public string? SecretAccountId { get; set; }

        /// <summary>The role assumed in -SecretAccountId to write the secrets.</summary>
        [Parameter(ParameterSetName = FindingsSet)]
        [ValidateNotNullOrEmpty]
        public string? SecretRoleName { get; set; }

        /// <summary>The secret's name; {AccountId} and {UserName} stand for the key's account and user. Default: iam-user/{AccountId}/{UserName}.</summary>
        [Parameter(ParameterSetName = FindingsSet)]
        [ValidateNotNullOrEmpty]
        public string SecretNameFormat { get; set; } = RotationOptions.DefaultSecretNameFormat;

        /// <summary>The customer managed KMS key (id, ARN or alias) a new secret is encrypted with; required with -SecretAccountId.</summary>
        [Parameter(ParameterSetName = FindingsSet)]
        [ValidateNotNullOrEmpty]
        public string? KmsKeyId { get; set; }

        /// <summary>Principals (ARNs) the secret's resource policy also lets read it, besides the key's own user.</summary>
        [Parameter(ParameterSetName = FindingsSet)]
        [ValidateNotNullOrEmpty]
        public string[]? SecretReaderArn { get; set; }

        /// <summary>The most old keys this run may deactivate, instead of the policy's MaxDisablePerRun (25).</summary>
        [Parameter(ParameterSetName = FindingsSet)]
        [ValidateRange(0, int.MaxValue)]
        public int? MaxDisable { get; set; }

        /// <summary>The most old keys this run may delete, instead of the policy's MaxDeletePerRun (25).</summary>
        [Parameter(ParameterSetName = FindingsSet)]
        [ValidateRange(0, int.MaxValue)]
        public int? MaxDelete { get; set; }

        /// <summary>How long a new key may take to read its secret while IAM propagates it (seconds, default 30).</summary>
        [Parameter(ParameterSetName = FindingsSet)]
        [ValidateRange(1, 300)]
        public int VerifyTimeoutSeconds { get; set; } = 30;

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

        private KeyAction? _rotate;

        private protected override bool ActsOnFindings => ParameterSetName != SelfSet;

        private protected override KeyAction Action => _rotate ??= KeyAction.Rotate(new RotationOptions
        {
            SecretAccountId = SecretAccountId,
            SecretRoleName = SecretRoleName,
            SecretNameFormat = SecretNameFormat,
            KmsKeyId = KmsKeyId,
            SecretReaderArns = SecretReaderArn ?? Array.Empty<string>(),
            MemberRoleName = RoleName,
            MemberExternalId = ExternalId,
            PassThru = PassThru,
            VerifyTimeout = TimeSpan.FromSeconds(VerifyTimeoutSeconds),
        }, Connection);

        private protected override void Override(ActionSettings settings)
        {
            settings.MaxDisable = MaxDisable;
            settings.MaxDelete = MaxDelete;
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (ActsOnFindings && SecretAccountId != null && (KmsKeyId == null || SecretRoleName == null))
            {
                StopWith(new EngineException(ErrorCatalog.SecretKmsKeyRequired, KmsKeyId == null ? "KmsKeyId" : "SecretRoleName",
                    $"-SecretAccountId {SecretAccountId} stores the keys in another account: give -SecretRoleName (the role to write there) and -KmsKeyId "
                    + "(a customer managed key whose key policy lets the keys' users decrypt; the aws/secretsmanager key is never shared across accounts)."));
            }
        }

        protected override void ProcessRecord()
        {
            if (ActsOnFindings)
            {
                base.ProcessRecord();
                return;
            }

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

            try
            {
                // A simulated clock never rotates a real key: the same rail as the other change cmdlets.
                if (clock.Offset != TimeSpan.Zero) new ActionService(Connection, EngineHost).CheckClock(clock);
            }
            catch (EngineException exception)
            {
                StopWith(exception);
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

        private protected override object ToOutput(object result) => result is SecureString secret ? secret : base.ToOutput(result);
    }
}
