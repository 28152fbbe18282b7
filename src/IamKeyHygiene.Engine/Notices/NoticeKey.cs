using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>
    /// One key as a notice tells it: the finding, joined by AccessKeyId with what an action cmdlet just did to it
    /// (null when nothing was done). Each key appears once per run.
    /// </summary>
    public sealed class NoticeKey
    {
        public NoticeKey(KeyFinding finding, KeyActionRecord? action)
        {
            Finding = finding;
            Action = action;
        }

        public KeyFinding Finding { get; }

        /// <summary>The action's record (Disable/Delete/Rotate…, its outcome, the successor's id and secret ARN).</summary>
        public KeyActionRecord? Action { get; }

        /// <summary>The key id masked but for its last four characters (<c>****************WXYZ</c>); empty for a root key.</summary>
        public string MaskedAccessKeyId => Mask(Finding.AccessKeyId);

        public static string Mask(string accessKeyId) =>
            accessKeyId.Length <= 4 ? accessKeyId : new string('*', accessKeyId.Length - 4) + accessKeyId.Substring(accessKeyId.Length - 4);
    }
}
