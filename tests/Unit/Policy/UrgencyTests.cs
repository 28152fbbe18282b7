using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>The urgency order docs/policy.md argues, decided once beside the stages.</summary>
    public class UrgencyTests
    {
        [Fact]
        public void Urgency_orders_every_stage_most_urgent_first_with_no_two_alike()
        {
            var mostUrgentFirst = new[]
            {
                KeyStage.RootAccessKey, KeyStage.ReadError, KeyStage.Disable, KeyStage.Delete, KeyStage.Rotate,
                KeyStage.Warn, KeyStage.NewKey, KeyStage.Exempt, KeyStage.Healthy,
            };

            Assert.Equal(Enum.GetValues<KeyStage>().OrderBy(s => s), mostUrgentFirst.OrderBy(s => s));
            var urgencies = mostUrgentFirst.Select(KeyStages.Urgency).ToList();
            Assert.Equal(urgencies.OrderByDescending(u => u), urgencies);
            Assert.Equal(urgencies.Count, urgencies.Distinct().Count());
            Assert.Equal(0, KeyStages.Urgency(KeyStage.Healthy));
        }

        [Fact]
        public void A_verdict_carries_the_urgency_of_its_stage()
        {
            var disable = Judge(Key(TimeSpan.FromDays(95)));
            var healthy = Judge(Key(TimeSpan.FromDays(5)));

            Assert.Equal(KeyStages.Urgency(KeyStage.Disable), disable.Urgency);
            Assert.True(disable.Urgency > healthy.Urgency);
        }

        [Fact]
        public void A_stage_outside_the_enum_has_no_urgency()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => KeyStages.Urgency((KeyStage)99));
        }
    }
}
