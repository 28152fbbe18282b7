using System.Globalization;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Emulator.Scenario;

namespace IamKeyHygiene.Emulator;

/// <summary>dotnet IamKeyHygiene.Emulator.dll --scenario FILE [--port N] [--latency-ms N]: prints the base URL first, serves until stopped.</summary>
internal static class Program
{
    private const string Usage = "usage: IamKeyHygiene.Emulator --scenario FILE [--port N] [--latency-ms N]";

    private static async Task<int> Main(string[] args)
    {
        string? scenario = null;
        var options = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--scenario" when value is not null:
                    scenario = value;
                    i++;
                    break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options.Port = port;
                    i++;
                    break;
                case "--latency-ms" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var latency):
                    options.LatencyMs = latency;
                    i++;
                    break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"unexpected argument '{args[i]}'. {Usage}");
                    return 2;
            }
        }

        if (scenario is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        EmulatorHost host;
        try
        {
            host = await EmulatorHost.StartAsync(scenario, options).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ScenarioException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cannot load scenario: {ex.Message}");
            return 3;
        }

        await using (host.ConfigureAwait(false))
        {
            Console.WriteLine(host.Url);
            Console.Out.Flush();
            await host.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
