using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>-AsOf previews a later day (judged at the later of it and the clock, refused more than 24 h back), and
/// -DurationSeconds above AWS's role-chaining cap is refused once for a role-session caller.</summary>
public sealed class AsOfAndRoleChainingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-23.9, 0)]      // within a day back: now
    [InlineData(0, 0)]
    [InlineData(240, 240)]      // ten days ahead: that day
    public void Judges_at_the_later_of_AsOf_and_the_clock(double asOfHours, double judgedHours)
    {
        var asOf = Now.AddHours(asOfHours);
        AsOfPreview.Check(asOf, EngineClock.Fixed(Now));
        Assert.Equal(Now.AddHours(judgedHours), AsOfPreview.EvaluationTime(asOf, Now));
    }

    [Fact]
    public void Refuses_an_AsOf_more_than_a_day_back_and_names_the_offset_clock()
    {
        var wall = Assert.Throws<EngineException>(() => AsOfPreview.Check(DateTimeOffset.UtcNow.AddDays(-2), EngineClock.Wall));
        var moved = Assert.Throws<EngineException>(() => AsOfPreview.Check(DateTimeOffset.UtcNow, EngineClock.WithOffset(TimeSpan.FromDays(30))));

        Assert.Equal("InvalidAsOf", wall.ErrorId);
        Assert.True(wall.Entry.Terminating);
        Assert.DoesNotContain(EngineClock.OffsetVariable, wall.Message);
        Assert.Contains($"moved 30 days by {EngineClock.OffsetVariable}", moved.Message);
    }

    [Theory]
    [InlineData("arn:aws:sts::111111111111:assumed-role/Audit/session", 7200, true)]
    [InlineData("arn:aws-cn:sts::111111111111:assumed-role/AWSReservedSSO_Admin_1/alice", 3601, true)]
    [InlineData("arn:aws:sts::111111111111:assumed-role/Audit/session", 3600, false)]
    [InlineData("arn:aws:iam::111111111111:user/admin", 43200, false)]
    public void Refuses_more_than_an_hour_only_to_a_role_session(string callerArn, int durationSeconds, bool refused)
    {
        var caller = new CallerIdentity("111111111111", callerArn, "AIDAEXAMPLE");
        var roles = new RoleSessionOptions("KeyHygieneAudit") { DurationSeconds = durationSeconds };

        var error = Record.Exception(() => RoleChaining.Check(caller, roles));

        Assert.Equal(refused, error != null);
        if (error is EngineException engine)
        {
            Assert.Equal("InvalidDurationSeconds", engine.ErrorId);
            Assert.Contains("role chaining", engine.Message);
        }
    }
}
