namespace IamKeyHygiene.Engine.Policy.Owners
{
    /// <summary>Who answers for a key, and where that came from.</summary>
    public sealed class Owner
    {
        public Owner(string? email, string? slackId, string? name, string source)
        {
            Email = email;
            SlackId = slackId;
            Name = name;
            Source = source;
        }

        public string? Email { get; }
        public string? SlackId { get; }
        public string? Name { get; }

        /// <summary>"tag:&lt;key&gt;" (first tag that gave a contact), "userName", or "ownersFile:&lt;match&gt;".</summary>
        public string Source { get; }

        /// <summary>True when a notice can reach this owner (an e-mail or a Slack id).</summary>
        public bool IsContactable => Email != null || SlackId != null;

        public override string ToString() => $"{Name ?? Email ?? SlackId} ({Source})";
    }
}
