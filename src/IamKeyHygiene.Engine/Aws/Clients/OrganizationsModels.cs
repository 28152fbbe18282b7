using System;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    // Organizations answers as the engine reads them (awsJson1_1; epoch-second timestamps become UTC instants).

    public sealed class OrganizationInfo
    {
        public string Id { get; set; } = "";
        public string Arn { get; set; } = "";
        public string FeatureSet { get; set; } = "";
        public string MasterAccountArn { get; set; } = "";
        public string MasterAccountId { get; set; } = "";
        public string MasterAccountEmail { get; set; } = "";
    }

    public sealed class OrganizationAccount
    {
        public string Id { get; set; } = "";
        public string Arn { get; set; } = "";
        public string Email { get; set; } = "";
        public string Name { get; set; } = "";

        /// <summary>PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED: the field to judge by.</summary>
        public string State { get; set; } = "";

        /// <summary>The retired ACTIVE/SUSPENDED/PENDING_CLOSURE field, kept for older emulators and replies.</summary>
        public string Status { get; set; } = "";

        public string JoinedMethod { get; set; } = "";
        public DateTimeOffset? JoinedTimestamp { get; set; }

        /// <summary>State when the service sends it, else the legacy Status.</summary>
        public string EffectiveState => string.IsNullOrEmpty(State) ? Status : State;
    }

    public sealed class OrganizationRoot
    {
        public string Id { get; set; } = "";
        public string Arn { get; set; } = "";
        public string Name { get; set; } = "";
    }

    public sealed class OrganizationalUnit
    {
        public string Id { get; set; } = "";
        public string Arn { get; set; } = "";
        public string Name { get; set; } = "";
    }

    /// <summary>A parent of an account or OU: Type is ROOT or ORGANIZATIONAL_UNIT.</summary>
    public sealed class OrganizationParent
    {
        public string Id { get; set; } = "";
        public string Type { get; set; } = "";
    }
}
