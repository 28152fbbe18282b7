namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>What one Send-KeyOwnerNotice run is told besides its input and channels.</summary>
    public sealed class NoticeOptions
    {
        /// <summary>The run's id, on every record.</summary>
        public string RunId { get; set; } = "";

        /// <summary>The language of owners who give none (-Language): "en" or "ja".</summary>
        public string DefaultLanguage { get; set; } = "en";

        /// <summary>Where the summary goes (NoticeChannelSettings.SummaryChannel); null for no summary.</summary>
        public string? SummaryChannel { get; set; }

        /// <summary>Where unowned keys go when no channel reaches the account's e-mail (NoticeChannelSettings.FallbackChannel).</summary>
        public string? FallbackChannel { get; set; }

        /// <summary>A breaker trip to report in the summary; null when none.</summary>
        public BreakerTrip? BreakerTrip { get; set; }

        /// <summary>How many keys nearest their next stage the summary lists.</summary>
        public int NearestCount { get; set; } = 10;
    }
}
