using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using static IamKeyHygiene.Engine.Errors.EngineErrorCategory;
using static IamKeyHygiene.Engine.Errors.ErrorTargetKind;

namespace IamKeyHygiene.Engine.Errors
{
    /// <summary>
    /// Every stable error id the module emits, defined here and nowhere else, each with its category, its
    /// target and whether it is terminating (the rule: docs in about_IamKeyHygiene_Errors). A cmdlet's error
    /// record is always made from one of these (IamKeyHygiene.Errors.ErrorRecords in the cmdlet assembly).
    /// </summary>
    public static class ErrorCatalog
    {
        // Found before any AWS call, or on the caller's first call: terminating.

        public static readonly ErrorEntry AwsConfiguration = new ErrorEntry(nameof(AwsConfiguration), InvalidArgument, Profile, true,
            "Credentials, region, profile or endpoint could not be resolved from what is configured.");

        public static readonly ErrorEntry CredentialsRejected = new ErrorEntry(nameof(CredentialsRejected), AuthenticationError, CredentialSource, true,
            "AWS rejected the caller's credentials (InvalidClientTokenId, SignatureDoesNotMatch, the caller's ExpiredToken...).");

        public static readonly ErrorEntry InvalidSmtpSettings = new ErrorEntry(nameof(InvalidSmtpSettings), InvalidArgument, Parameter, true,
            "The SMTP settings cannot be used: an SMTP server without a sender address (SmtpFrom), a port outside 1-65535, a security "
            + "other than StartTls, Tls or None, or None to a host that is not loopback. Nothing is sent.");

        public static readonly ErrorEntry SmtpCredentialsRejected = new ErrorEntry(nameof(SmtpCredentialsRejected), AuthenticationError, Endpoint, true,
            "The SMTP server rejected the SMTP user name and password (535), or offers no authentication on a secured connection. "
            + "Every other e-mail would be refused the same way.");

        public static readonly ErrorEntry SmtpServerUntrusted = new ErrorEntry(nameof(SmtpServerUntrusted), AuthenticationError, Endpoint, true,
            "The SMTP server's TLS certificate is trusted neither by the system nor by the extra certificate given (SmtpTrustedCertificate), or the server does "
            + "not offer STARTTLS; nothing is sent in plain text.");

        public static readonly ErrorEntry InvalidClockOffset = new ErrorEntry(nameof(InvalidClockOffset), InvalidArgument, EnvironmentVariable, true,
            "IAMKEYHYGIENE_CLOCK_OFFSET is not a number of days.");

        public static readonly ErrorEntry InvalidPolicy = new ErrorEntry(nameof(InvalidPolicy), InvalidData, File, true,
            "A policy, exemptions or owners definition cannot be used; the message names the file, line and field.");

        public static readonly ErrorEntry InvalidReportMaxAge = new ErrorEntry(nameof(InvalidReportMaxAge), InvalidArgument, Parameter, true,
            "-ReportMaxAge is shorter than one minute; it takes a duration such as '4h', '30m', '1d', '04:00:00' or a TimeSpan.");

        public static readonly ErrorEntry InvalidAsOf = new ErrorEntry(nameof(InvalidAsOf), InvalidArgument, Parameter, true,
            "-AsOf is more than 24 hours before the module's clock: it previews a later day and cannot judge the past.");

        public static readonly ErrorEntry SecretKmsKeyRequired = new ErrorEntry(nameof(SecretKmsKeyRequired), InvalidArgument, Parameter, true,
            "Invoke-AccessKeyRotation -SecretAccountId stores keys in another account, which only a customer managed KMS key (-KmsKeyId) lets the key's user read; -SecretRoleName reaches that account.");

        public static readonly ErrorEntry InvalidDurationSeconds = new ErrorEntry(nameof(InvalidDurationSeconds), InvalidArgument, Parameter, true,
            "-DurationSeconds is above 3600 while the caller is itself a role session: AWS caps role chaining at one hour.");

        /// <summary>Its category is that of the AWS error's kind (AwsErrorClassifier); InvalidOperation is the
        /// category of an error of no known kind.</summary>
        public static readonly ErrorEntry AwsServiceError = new ErrorEntry(nameof(AwsServiceError), InvalidOperation, Endpoint, true,
            "AWS (or the endpoint in its place) answered one of the caller's own calls with an error; the category is that of "
            + "the answer (throttled, denied, not found...), InvalidOperation when of no known kind.");

        public static readonly ErrorEntry AwsConnectionFailed = new ErrorEntry(nameof(AwsConnectionFailed), ConnectionError, Endpoint, true,
            "The endpoint of one of the caller's own calls could not be reached.");

        public static readonly ErrorEntry OrganizationalUnitNotFound = new ErrorEntry(nameof(OrganizationalUnitNotFound), ObjectNotFound, OrganizationalUnitId, true,
            "The organizational unit given is not in the organization.");

        public static readonly ErrorEntry AuditLogUnavailable = new ErrorEntry(nameof(AuditLogUnavailable), WriteError, File, true,
            "The audit log (-AuditLogPath: a local file or an s3:// URI) cannot be opened, written or read; nothing is changed without it.");

        public static readonly ErrorEntry SmtpCredentialParameterUnavailable = new ErrorEntry(nameof(SmtpCredentialParameterUnavailable), ObjectNotFound, Parameter, true,
            "An SSM Parameter Store parameter named for the SMTP user name or password cannot be read (not there, not allowed, "
            + "not decryptable); nothing is sent. The target is the parameter's name, never its value.");

        public static readonly ErrorEntry RunHistoryUnavailable = new ErrorEntry(nameof(RunHistoryUnavailable), WriteError, File, true,
            "The run history (a local file or an s3:// URI) cannot be opened, written or read.");

        public static readonly ErrorEntry ReportUnwritable = new ErrorEntry(nameof(ReportUnwritable), WriteError, File, true,
            "Export-KeyHygieneReport cannot write its file (-Path), or cannot read the earlier ASFF export it compares with.");

        public static readonly ErrorEntry ClockOffsetInEffect = new ErrorEntry(nameof(ClockOffsetInEffect), InvalidOperation, EnvironmentVariable, true,
            "IAMKEYHYGIENE_CLOCK_OFFSET is set and an endpoint in use is not on loopback: a change cmdlet does not act on real AWS at a simulated time.");

        public static readonly ErrorEntry CircuitBreakerTripped = new ErrorEntry(nameof(CircuitBreakerTripped), LimitsExceeded, Parameter, true,
            "The run would disable or delete more keys than the circuit breaker allows (policy MaxDisablePerRun/MaxDeletePerRun, "
            + "Invoke-KeyHygiene also MaxDisablePercent of the active keys it inventoried, or -MaxDisable/-MaxDelete); nothing was "
            + "changed. The message gives the counts. Invoke-KeyHygiene still sends its notices and writes its summary and records first.");

        public static readonly ErrorEntry HygieneRunFailed = new ErrorEntry(nameof(HygieneRunFailed), InvalidOperation, Parameter, true,
            "Invoke-KeyHygiene -FailOnError: at least one account failed (each was its own non-terminating error); the run "
            + "summary was written first, so a scheduler marks the job failed and the summary says which accounts and why.");

        public static readonly ErrorEntry NotAFinding = new ErrorEntry(nameof(NotAFinding), InvalidArgument, Parameter, true,
            "An object piped to an action cmdlet has no AccountId or UserName, so it is not a finding. Input is checked in full "
            + "before the first change, so nothing is changed.");

        public static readonly ErrorEntry SlackTokenRejected = new ErrorEntry(nameof(SlackTokenRejected), AuthenticationError, CredentialSource, true,
            "Slack rejected the bot token with invalid_auth, not_authed, token_revoked, token_expired or account_inactive: "
            + "no Slack message can be sent, so the run stops. The token itself is never shown.");

        public static readonly ErrorEntry UnexpectedError = new ErrorEntry(nameof(UnexpectedError), NotSpecified, None, true,
            "Anything else the engine threw: a bug to report, not a configuration to fix.");

        // One member account failed or was not found: non-terminating, the others go on.

        public static readonly ErrorEntry AssumeRoleFailed = new ErrorEntry(nameof(AssumeRoleFailed), PermissionDenied, AccountId, false,
            "The role could not be assumed in the account (or no -RoleName was given for it).");

        public static readonly ErrorEntry AccountNotFound = new ErrorEntry(nameof(AccountNotFound), ObjectNotFound, AccountId, false,
            "An account given with -AccountId is not in the organization; the other accounts named are returned.");

        public static readonly ErrorEntry AccountScanFailed = new ErrorEntry(nameof(AccountScanFailed), ReadError, AccountId, false,
            "The account could not be read (its user list or credential report could not be had).");

        // Invoke-AccessKeyRotation -Self.

        public static readonly ErrorEntry SelfRotationCredentialSource = new ErrorEntry(nameof(SelfRotationCredentialSource), InvalidArgument, Profile, true,
            "-Self rotates only a long-term access key kept in a profile of the shared credentials file; other credential "
            + "sources (-AccessKey, -Credential, environment variables, role, SSO or process profiles, session tokens) cannot be rotated.");

        public static readonly ErrorEntry SelfRotationFailed = new ErrorEntry(nameof(SelfRotationFailed), InvalidOperation, AccessKeyId, false,
            "Rotating the profile's own key stopped at one step; the result's Message says which and what was undone, and a re-run converges.");

        // One key could not be acted on: non-terminating, the other keys go on.

        public static readonly ErrorEntry KeyActionFailed = new ErrorEntry(nameof(KeyActionFailed), InvalidOperation, AccessKeyId, false,
            "A change to one key (or the audit line before it) failed, or its account could not be reached; the message names the "
            + "account, user and key. The other keys go on.");

        // Send-KeyOwnerNotice.

        public static readonly ErrorEntry InvalidTemplate = new ErrorEntry(nameof(InvalidTemplate), InvalidData, File, true,
            "A notice template (shipped or under -TemplatePath) has an unknown placeholder or section; the message names the file, "
            + "line and placeholder. Found before anything is sent.");

        public static readonly ErrorEntry NoticeFailed = new ErrorEntry(nameof(NoticeFailed), WriteError, Recipient, false,
            "One message could not be delivered (or no channel could reach its recipient); the message names the channel and "
            + "recipient. The other messages go on.");
        // One event handed to ConvertFrom-AccessKeyEvent gave no key: non-terminating, the other events go on.

        public static readonly ErrorEntry NotACreateAccessKeyEvent = new ErrorEntry(nameof(NotACreateAccessKeyEvent), InvalidData, EventId, false,
            "The event is another CloudTrail event than a successful IAM CreateAccessKey (another eventName or eventSource, an "
            + "errorCode: the call failed and created no key, an SNS subscription confirmation), so no finding is written.");

        public static readonly ErrorEntry InvalidAccessKeyEvent = new ErrorEntry(nameof(InvalidAccessKeyEvent), InvalidData, EventId, false,
            "The input is not readable as an event: not JSON (read a file with Get-Content -Raw), none of the shapes a runbook "
            + "receives (CloudTrail record, EventBridge event, SNS notification, Azure Automation WebhookData), or a "
            + "CreateAccessKey record without the new key's id or the account.");

        /// <summary>Every entry above, read off this class so no list is kept by hand (declared last: the fields
        /// above are initialised first).</summary>
        public static IReadOnlyList<ErrorEntry> All { get; } = typeof(ErrorCatalog)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(ErrorEntry))
            .Select(field => (ErrorEntry)field.GetValue(null))
            .ToList();
    }
}
