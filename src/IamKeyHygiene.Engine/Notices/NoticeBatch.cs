using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>One message to be rendered: its recipient, the keys it lists, and the channels that can carry it, in
    /// the order they are tried (empty when none reaches the recipient).</summary>
    public sealed class NoticeBatch
    {
        public NoticeBatch(NoticeRecipient recipient, IReadOnlyList<NoticeKey> keys, IReadOnlyList<INoticeChannel> channels)
        {
            Recipient = recipient;
            Keys = keys;
            Channels = channels;
        }

        public NoticeRecipient Recipient { get; }
        public IReadOnlyList<NoticeKey> Keys { get; }
        public IReadOnlyList<INoticeChannel> Channels { get; }
    }
}
