using System.Net;
using IamKeyHygiene.Emulator.Scenario;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace IamKeyHygiene.Emulator.Hosting;

/// <summary>
/// A running emulator on 127.0.0.1 (Kestrel). Start it in-process from tests with <see cref="StartAsync(string, EmulatorOptions?, CancellationToken)"/>
/// and dispose it to stop; the command line uses the same class.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private EmulatorHost(WebApplication app, EmulatorRuntime runtime, string url)
    {
        this.app = app;
        Runtime = runtime;
        Url = url;
    }

    /// <summary>Base URL, e.g. http://127.0.0.1:40123 (no trailing slash).</summary>
    public string Url { get; }

    /// <summary>The scenario's admin credentials (management account).</summary>
    public string AccessKeyId => Runtime.World.State.AdminAccessKeyId;

    public string SecretAccessKey => Runtime.World.State.AdminSecretAccessKey;

    public EmulatorRuntime Runtime { get; }

    public static Task<EmulatorHost> StartAsync(string scenarioPath, EmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(ScenarioDocument.Load(scenarioPath), options, cancellationToken);

    public static Task<EmulatorHost> StartFromJsonAsync(string scenarioJson, EmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(ScenarioDocument.Parse(scenarioJson, "scenario"), options, cancellationToken);

    public static async Task<EmulatorHost> StartAsync(ScenarioDocument scenario, EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var runtime = new EmulatorRuntime(scenario, options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var pipeline = new RequestPipeline(runtime);
        app.Run(pipeline.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, runtime, address.TrimEnd('/'));
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Runtime.Faults.Release();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

}
