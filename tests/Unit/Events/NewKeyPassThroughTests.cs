using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Tests.Unit.Actions;
using IamKeyHygiene.Tests.Unit.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Events;

/// <summary>A NewKey finding (ConvertFrom-AccessKeyEvent) through Disable-StaleAccessKey, Remove-StaleAccessKey and
/// Invoke-AccessKeyRotation: Skipped with reason NewKey and one audit outcome line, under the policy it was converted
/// with or any other, without an AWS call.</summary>
public sealed class NewKeyPassThroughTests
{
    [Fact]
    public async Task Every_action_passes_a_NewKey_finding_through_as_Skipped_NewKey_whatever_the_policy()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(KeyActionRunTests.Member, "member", User("someone", Key(3, 1)))));
        var converted = AccessKeyEventTests.SamplePolicy();
        var actions = new[]
        {
            KeyAction.Disable,
            KeyAction.Remove,
            KeyAction.Rotate(new RotationOptions(), kit.Connection),
        };
        var policies = new[] { converted, new PolicyParameters { Action = PolicyAction.Rotate }.Build() };

        foreach (var action in actions)
        {
            foreach (var policy in policies)
            {
                var finding = AccessKeyEventTests.Service(converted).Convert(AccessKeyEventTests.Sample());
                var host = new TestHost();
                var audit = new MemoryAuditLog();
                var run = new KeyActionRun(action, policy, EngineClock.Fixed(AccessKeyEventTests.Now), new ActionSettings { RunId = Guid.NewGuid().ToString("D") },
                    host, audit, "arn:aws:iam::111111111111:user/admin", Array.Empty<string>(),
                    _ => throw new InvalidOperationException("a NewKey finding needs no AWS call"));
                run.Add(finding);

                Assert.Equal(0, run.Confirm());
                await run.ExecuteAsync(Array.Empty<AccountTarget>(), CancellationToken.None);

                var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
                Assert.Equal((KeyActionOutcome.Skipped, "NewKey", ActionNames.None), (result.Outcome, result.Reason, result.Action));
                Assert.Equal(finding.AccessKeyId, result.AccessKeyId);
                Assert.Empty(host.Questions);
                var line = Assert.Single(audit.Lines);
                Assert.Equal(("outcome", "Skipped", "NewKey"), (line.Phase, line.Outcome, line.Reason));
            }
        }
    }
}
