namespace IamKeyHygiene.Emulator.Hosting;

/// <summary>How to run an emulator: port, base latency and overrides of the scenario's settings.</summary>
public sealed class EmulatorOptions
{
    /// <summary>0 = a free port.</summary>
    public int Port { get; set; }

    /// <summary>Latency added to every AWS request (not to the control API).</summary>
    public int LatencyMs { get; set; }

    /// <summary>Overrides settings.lastUseLagMinutes of the scenario.</summary>
    public TimeSpan? LastUseLag { get; set; }

    /// <summary>Overrides settings.credentialReportGenerationSeconds of the scenario.</summary>
    public TimeSpan? CredentialReportGenerationTime { get; set; }

    /// <summary>The wall clock (tests may pass a fake one).</summary>
    public TimeProvider? TimeProvider { get; set; }
}
