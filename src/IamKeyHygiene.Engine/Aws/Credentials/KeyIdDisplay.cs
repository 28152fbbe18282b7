namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>How an access key id may appear in logs: its last four characters only.</summary>
    internal static class KeyIdDisplay
    {
        public static string Tail(string? accessKeyId)
        {
            if (string.IsNullOrEmpty(accessKeyId))
                return "(none)";
            return accessKeyId!.Length <= 4 ? "…" : "…" + accessKeyId.Substring(accessKeyId.Length - 4);
        }
    }
}
