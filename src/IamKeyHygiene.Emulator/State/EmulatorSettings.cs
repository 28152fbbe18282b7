namespace IamKeyHygiene.Emulator.State;

/// <summary>Behaviour knobs that real AWS has but does not let you set.</summary>
public sealed class EmulatorSettings
{
    /// <summary>How long after a request its key's last use becomes visible (data clock). Real IAM: minutes to hours.</summary>
    public TimeSpan LastUseLag { get; set; } = TimeSpan.Zero;

    /// <summary>How long (wall time) generating a credential report takes.</summary>
    public TimeSpan CredentialReportGenerationTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After this age (data clock) GetCredentialReport answers ReportExpired.</summary>
    public TimeSpan CredentialReportExpiry { get; set; } = TimeSpan.FromHours(168);

    /// <summary>A report younger than this (data clock) is returned by Generate instead of a new one (AWS: 4 h).</summary>
    public TimeSpan CredentialReportMinimumInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Whether credential report fields holding a comma (user names and paths may) are quoted as RFC 4180 says.
    /// AWS does not document which it does, so both are served; off by default, the harder case for a reader.
    /// </summary>
    public bool CredentialReportQuotesCommas { get; set; }

    /// <summary>
    /// How long (wall time) a key made by CreateAccessKey is refused as unknown before it authenticates: IAM is
    /// eventually consistent, and a new key can fail for seconds after it was created.
    /// </summary>
    public TimeSpan NewKeyPropagation { get; set; } = TimeSpan.Zero;
}
