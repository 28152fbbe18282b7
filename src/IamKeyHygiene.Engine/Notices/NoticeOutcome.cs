namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>What became of one message.</summary>
    public enum NoticeOutcome
    {
        /// <summary>The channel accepted it (Slack ok, SMTP 250, SNS MessageId, webhook 2xx).</summary>
        Sent,
        /// <summary>-WhatIf, Audit mode or a No: nothing was sent; the result says who would have got what.</summary>
        WhatIf,
        /// <summary>The channel refused it or could not be reached; the reason and the error record say why.</summary>
        Failed,
    }
}
