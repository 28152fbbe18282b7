namespace IamKeyHygiene.Engine.Policy.Owners
{
    /// <summary>Who answers for a key, and where that came from.</summary>
    public sealed class Owner
    {
        public Owner(string? email, string? slackId, string? name, string source, string? language = null, string? timeZone = null)
        {
            Email = email;
            SlackId = slackId;
            Name = name;
            Source = source;
            Language = language;
            TimeZone = timeZone;
        }

        public string? Email { get; }
        public string? SlackId { get; }
        public string? Name { get; }

        /// <summary>The notice language ("en", "ja"); null for Send-KeyOwnerNotice's -Language.</summary>
        public string? Language { get; }

        /// <summary>The IANA time zone of dates in notices; null for UTC.</summary>
        public string? TimeZone { get; }

        /// <summary>"tag:&lt;key&gt;" (first tag that gave a contact), "userName", or "ownersFile:&lt;match&gt;".</summary>
        public string Source { get; }

        /// <summary>True when a notice can reach this owner (an e-mail or a Slack id).</summary>
        public bool IsContactable => Email != null || SlackId != null;

        /// <summary>This owner with the language and time zone filled in where it has none.</summary>
        public Owner WithPreferences(string? language, string? timeZone)
            => new Owner(Email, SlackId, Name, Source, Language ?? language, TimeZone ?? timeZone);

        public override string ToString() => $"{Name ?? Email ?? SlackId} ({Source})";
    }
}
