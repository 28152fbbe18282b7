namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>Where a scan reads keys and their last use (-Source).</summary>
    public enum KeySource
    {
        /// <summary>The credential report for triage; Live for an account whose report is too old or cannot be made.</summary>
        Auto,

        /// <summary>The credential report only; an account whose report cannot be had is an error.</summary>
        CredentialReport,

        /// <summary>ListUsers, ListAccessKeys and GetAccessKeyLastUsed for every user and key.</summary>
        Live,
    }
}
