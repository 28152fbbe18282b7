namespace IamKeyHygiene.Engine.Errors
{
    /// <summary>What an error record's target object is. Never a secret, never an access key id of the caller.</summary>
    public enum ErrorTargetKind
    {
        /// <summary>No target.</summary>
        None,

        /// <summary>The profile named by -ProfileName (else -ProfileLocation); none when no profile was named.</summary>
        Profile,

        /// <summary>Where the caller's credentials came from: "parameter", "profile NAME", "environment"…</summary>
        CredentialSource,

        /// <summary>The endpoint URL the failed call went to.</summary>
        Endpoint,

        /// <summary>A 12-digit AWS account id.</summary>
        AccountId,

        /// <summary>An organizational unit or root id (ou-…, r-…).</summary>
        OrganizationalUnitId,

        /// <summary>An access key id (AKIA…, ASIA…) of a key the module reads or acts on.</summary>
        AccessKeyId,

        /// <summary>A file the user keeps (policy, exemptions, owners), or "parameters" when none was read.</summary>
        File,

        /// <summary>The value a parameter was given.</summary>
        Parameter,

        /// <summary>The name of an environment variable.</summary>
        EnvironmentVariable,

        /// <summary>Who a notice was for: an e-mail address, a Slack id or a channel (never a webhook URL or token).</summary>
        Recipient,

        /// <summary>An event handed to ConvertFrom-AccessKeyEvent: its CloudTrail eventID, else the id of the EventBridge
        /// event or SNS message that carried it; none when the input could not be read that far.</summary>
        EventId,
    }
}
