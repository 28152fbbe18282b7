using System;
using System.Text.RegularExpressions;

namespace IamKeyHygiene.Engine.Events
{
    /// <summary>
    /// Tells a key the module's own rotation made: the caller was a role session under the module's session name
    /// (Get-OrganizationAccount -RoleSessionName, default IamKeyHygiene), or the call came from the module's AWS clients,
    /// whose user agent names it (e.g. "aws-sdk-dotnet-coreclr/IamKeyHygiene ua/2.1 …"; self-rotation signs with the
    /// user's own key, so only the user agent tells it). Any caller can set either: this routes a notice to the summary
    /// and proves nothing.
    /// </summary>
    internal static class KeyHygieneCaller
    {
        private static readonly Regex ModuleUserAgent = new Regex(@"(^|\s)aws-sdk-dotnet-[\w.-]+/IamKeyHygiene(\s|$)",
            RegexOptions.CultureInvariant);

        public static bool Made(CreateAccessKeyRecord record, string moduleSessionName)
            => (record.CallerSessionName != null && string.Equals(record.CallerSessionName, moduleSessionName, StringComparison.Ordinal))
               || IsModuleUserAgent(record.UserAgent);

        public static bool IsModuleUserAgent(string? userAgent) => userAgent != null && ModuleUserAgent.IsMatch(userAgent);
    }
}
