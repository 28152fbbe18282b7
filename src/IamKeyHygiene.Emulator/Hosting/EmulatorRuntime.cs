using IamKeyHygiene.Emulator.Control;
using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Emulator.Services.Iam;
using IamKeyHygiene.Emulator.Services.Organizations;
using IamKeyHygiene.Emulator.Services.SecretsManager;
using IamKeyHygiene.Emulator.Services.Sso;
using IamKeyHygiene.Emulator.Services.Sts;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Hosting;

/// <summary>The state and the services over it; replaced as a whole on reset.</summary>
public sealed class EmulatorWorld
{
    public EmulatorWorld(EmulatorState state)
    {
        State = state;
        Iam = new IamService(state);
        Sts = new StsService(state);
        Organizations = new OrganizationsService(state);
        SsoPortal = new SsoPortalService(state);
        SsoOidc = new SsoOidcService(state);
        SecretsManager = new SecretsManagerService(state);
        S3 = new Services.S3.S3Service(state);
        Sns = new Services.Sns.SnsService(state);
        Ssm = new Services.Ssm.SsmService(state);
    }

    public EmulatorState State { get; }

    public IamService Iam { get; }

    public StsService Sts { get; }

    public OrganizationsService Organizations { get; }

    public SsoPortalService SsoPortal { get; }

    public SsoOidcService SsoOidc { get; }

    public SecretsManagerService SecretsManager { get; }
    public Services.S3.S3Service S3 { get; }

    public Services.Sns.SnsService Sns { get; }

    public Services.Ssm.SsmService Ssm { get; }
}

/// <summary>Everything one running emulator holds: the scenario, the current world, clock, faults and counters.</summary>
public sealed class EmulatorRuntime
{
    private readonly ScenarioDocument scenario;
    private readonly EmulatorOptions options;
    private EmulatorWorld world;

    public EmulatorRuntime(ScenarioDocument scenario, EmulatorOptions options)
    {
        this.scenario = scenario;
        this.options = options;
        Clock = new DataClock(options.TimeProvider ?? TimeProvider.System);
        world = Load();
        ApplyScenarioFaults();
    }

    public DataClock Clock { get; }

    public FaultInjector Faults { get; } = new();

    public CallCounter Calls { get; } = new();

    public EmulatorOptions Options => options;

    public EmulatorWorld World => Volatile.Read(ref world);

    private EmulatorWorld Load()
    {
        var state = ScenarioLoader.Build(scenario, Clock);
        if (options.LastUseLag is { } lag)
        {
            state.Settings.LastUseLag = lag;
        }

        if (options.CredentialReportGenerationTime is { } generation)
        {
            state.Settings.CredentialReportGenerationTime = generation;
        }

        return new EmulatorWorld(state);
    }

    /// <summary>Reloads the scenario: fresh data, data clock back to wall time, counts cleared, faults back to the scenario's.</summary>
    public void Reset()
    {
        Clock.Reset();
        Volatile.Write(ref world, Load());
        Calls.Clear();
        Faults.Clear();
        ApplyScenarioFaults();
    }

    private void ApplyScenarioFaults()
    {
        if (scenario.Faults is { } faults)
        {
            Faults.Set(faults);
        }
    }
}
