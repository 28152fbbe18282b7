using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Actions;

/// <summary>ClockOffsetInEffect: a simulated clock never reaches a real endpoint through a change cmdlet.</summary>
public sealed class ClockOffsetRailTests
{
    [Theory]
    [InlineData("https://aws.example.com", 1.5, true)]
    [InlineData("http://127.0.0.1:4566", 1.5, false)]
    [InlineData("http://localhost:4566", 30, false)]
    [InlineData("https://aws.example.com", 0, false)]
    public void A_clock_offset_stops_changes_unless_every_endpoint_is_loopback(string endpoint, double offsetDays, bool refused)
    {
        var connection = AwsConnection.Resolve(new AwsConnectionOptions
        {
            AccessKey = "AKIAEXAMPLEEXAMPLE01",
            SecretKey = "not-a-secret-for-this-test",
            Region = "us-east-1",
            EndpointUrl = endpoint,
            Environment = new Dictionary<string, string>(),
        }, NullEngineLog.Instance);
        var service = new ActionService(connection, new TestHost());

        var error = Record.Exception(() => service.CheckClock(EngineClock.WithOffset(TimeSpan.FromDays(offsetDays))));

        if (refused)
        {
            var engine = Assert.IsType<EngineException>(error);
            Assert.Equal((ErrorCatalog.ClockOffsetInEffect.Id, true), (engine.ErrorId, engine.Entry.Terminating));
            Assert.Contains(endpoint, engine.Message);
        }
        else
        {
            Assert.Null(error);
        }
    }
}
