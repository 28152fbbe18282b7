namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>How member accounts are reached: the role to assume in each (Get-OrganizationAccount -RoleName…).</summary>
    public sealed class RoleSessionOptions
    {
        public const string DefaultRoleSessionName = "IamKeyHygiene";
        public const int DefaultDurationSeconds = 3600;

        public RoleSessionOptions(string roleName)
        {
            RoleName = roleName;
        }

        /// <summary>The role name (or path/name) in every account, e.g. "OrganizationAccountAccessRole".</summary>
        public string RoleName { get; }
        public string? ExternalId { get; set; }
        public string RoleSessionName { get; set; } = DefaultRoleSessionName;
        public int DurationSeconds { get; set; } = DefaultDurationSeconds;
    }
}
