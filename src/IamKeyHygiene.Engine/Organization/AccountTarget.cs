namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>An account and the session that reaches it: what Get-OrganizationAccount hands to the scan.</summary>
    public sealed class AccountTarget
    {
        public AccountTarget(OrganizationAccount account, AccountSession session)
        {
            Account = account;
            Session = session;
        }

        public OrganizationAccount Account { get; }
        public AccountSession Session { get; }
    }
}
