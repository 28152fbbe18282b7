namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>Who a message is for.</summary>
    public enum NoticeRecipientKind
    {
        /// <summary>A key's owner (owners file, owner tags, or a user name that is an e-mail).</summary>
        Owner,
        /// <summary>The account's e-mail (Organizations), for keys without a contactable owner.</summary>
        AccountEmail,
        /// <summary>The fallback channel (-FallbackChannel), for unowned keys the account e-mail cannot take.</summary>
        FallbackChannel,
        /// <summary>The one summary of the run (-SummaryChannel).</summary>
        SummaryChannel,
    }
}
