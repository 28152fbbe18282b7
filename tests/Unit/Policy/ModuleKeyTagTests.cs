using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    public class ModuleKeyTagTests
    {
        [Fact]
        public void Values_round_trip_in_characters_IAM_allows()
        {
            var at = new DateTimeOffset(2026, 11, 27, 10, 0, 0, 123, TimeSpan.Zero);
            var rotating = ModuleKeyTag.Rotating("AKIAAAAAAAAAAAAAAAA9", at).ToString();
            Assert.Equal("rotating-to=AKIAAAAAAAAAAAAAAAA9 since=2026-11-27T10:00:00Z", rotating);
            Assert.Equal("disabled=2026-11-27T10:00:00Z", ModuleKeyTag.Disabled(at).ToString());
            Assert.Matches(@"^[\p{L}\p{N} _.:/=+\-@]{1,256}$", rotating);

            Assert.True(ModuleKeyTag.TryParse(rotating, out var parsed, out _));
            Assert.Equal("AKIAAAAAAAAAAAAAAAA9", parsed!.RotatingTo);
            Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), parsed.RotatingSince);
        }

        [Theory]
        [InlineData("rotating since=2026-11-27T10:00:00Z run=r1", "AKIANEW", "2026-11-27T10:00:00Z", true)]
        [InlineData("rotating-to=AKIANEW since=2026-11-27T10:00:00Z", "AKIANEW", "2026-11-27T10:05:00Z", true)]
        [InlineData("rotating since=2026-11-27T10:00:00Z run=r1", "AKIANEW", "2026-11-27T09:59:59Z", false)] // made before the rotation began
        [InlineData("rotating since=2026-11-27T10:00:00Z run=r1", "AKIAOLD", "2026-11-27T10:05:00Z", false)] // the rotated key itself
        [InlineData("disabled=2026-11-27T10:00:00Z", "AKIANEW", "2026-11-27T10:05:00Z", false)]            // no rotation recorded
        public void A_key_is_an_orphan_candidate_only_after_a_recorded_rotation_began(string tagValue, string keyId, string created, bool candidate)
        {
            Assert.True(ModuleKeyTag.TryParse(tagValue, out var tag, out _));
            Assert.Equal(candidate, tag!.IsOrphanCandidate(keyId, "AKIAOLD", DateTimeOffset.Parse(created)));
        }

        [Theory]
        [InlineData(false, "N/A", null, false)]
        [InlineData(true, "sts", null, true)]        // rotation into Secrets Manager: any use counts
        [InlineData(true, "iam", null, true)]
        [InlineData(true, "sts", "sts", false)]      // self-rotation: its own GetCallerIdentity verification does not
        [InlineData(true, "s3", "sts", true)]
        public void An_orphan_candidate_is_used_unless_its_only_use_is_the_crashed_runs_verification(bool used, string service, string? verifiedWith, bool expected)
        {
            DateTimeOffset? lastUsed = used ? DateTimeOffset.UtcNow : null;
            Assert.Equal(expected, ModuleKeyTag.IsUsedCandidate(lastUsed, service, verifiedWith));
        }

        [Theory]
        [InlineData("disabled=2026-11-27T10:00:00Z seen-inactive=2026-11-20T00:00:00Z", "2026-11-20T00:00:00Z")]
        [InlineData("seen-inactive=2026-11-20T00:00:00Z future=ignored", "2026-11-20T00:00:00Z")]
        public void The_recovery_window_starts_at_the_earliest_mark(string value, string since)
        {
            Assert.True(ModuleKeyTag.TryParse(value, out var tag, out _));
            Assert.Equal(DateTimeOffset.Parse(since), tag!.InactiveSince);
        }

        [Theory]
        [InlineData("disabled=2026-11-27")]
        [InlineData("disabled")]
        [InlineData("note=hello")]
        [InlineData("rotating-to=")]
        public void Malformed_values_are_reported_not_thrown(string value)
        {
            Assert.False(ModuleKeyTag.TryParse(value, out var tag, out var problem));
            Assert.Null(tag);
            Assert.False(string.IsNullOrEmpty(problem));
        }
    }
}

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>The pairs issue 10 adds: a rotation starting, its successor, a restore's hold.</summary>
    public class ModuleKeyTagActingPairsTests
    {
        private const string IamTagValue = @"^[\p{L}\p{N} _.:/=+\-@]{1,256}$";
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 27, 10, 0, 0, 456, TimeSpan.Zero);

        [Fact]
        public void A_rotation_starting_is_a_rotating_marker_with_since_and_run_and_no_successor()
        {
            var value = ModuleKeyTag.RotationStarting(At, "r-20261127T100000Z-1a2b").ToString();
            Assert.Equal("rotating since=2026-11-27T10:00:00Z run=r-20261127T100000Z-1a2b", value);
            Assert.Matches(IamTagValue, value);

            Assert.True(ModuleKeyTag.TryParse(value, out var tag, out _));
            Assert.True(tag!.RotationStarted);
            Assert.Null(tag.RotatingTo);
            Assert.Equal("r-20261127T100000Z-1a2b", tag.RunId);
            Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), tag.RotatingSince);
        }

        [Fact]
        public void A_restore_round_trips_with_its_hold()
        {
            var value = ModuleKeyTag.Restored(At, At.AddDays(7)).ToString();
            Assert.Equal("restored=2026-11-27T10:00:00Z hold-until=2026-12-04T10:00:00Z", value);
            Assert.Matches(IamTagValue, value);
            Assert.True(ModuleKeyTag.TryParse(value, out var tag, out _));
            Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), tag!.RestoredAt);
            Assert.Equal(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero), tag.HoldUntil);
        }

        [Fact]
        public void The_successor_pair_still_round_trips_and_keeps_the_run()
        {
            Assert.True(ModuleKeyTag.TryParse("rotating-to=AKIAAAAAAAAAAAAAAAA9 since=2026-11-27T10:00:00Z run=r1", out var tag, out _));
            Assert.Equal("rotating-to=AKIAAAAAAAAAAAAAAAA9 since=2026-11-27T10:00:00Z run=r1", tag!.ToString());
        }

        [Theory]
        [InlineData("rotating run=r1")]
        [InlineData("restored=2026-11-27T10:00:00Z")]
        [InlineData("hold-until=2026-11-27T10:00:00Z")]
        [InlineData("restored=2026-11-27T10:00:00Z hold-until=soon")]
        [InlineData("rotating since=2026-11-27T10:00:00Z run=")]
        public void Incomplete_acting_pairs_are_malformed(string value)
        {
            Assert.False(ModuleKeyTag.TryParse(value, out _, out var problem));
            Assert.False(string.IsNullOrEmpty(problem));
        }

        [Theory]
        [InlineData("run#1")]
        [InlineData("run 1")]
        [InlineData("")]
        public void A_run_id_outside_IAMs_tag_characters_is_refused(string runId)
            => Assert.Throws<ArgumentException>(() => ModuleKeyTag.RotationStarting(At, runId));
    }
}
