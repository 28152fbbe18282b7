using System.Text.RegularExpressions;

namespace IamKeyHygiene.Engine.Policy.Json
{
    /// <summary>Shapes of the identifiers the policy files use.</summary>
    internal static class IamIdentifiers
    {
        private static readonly Regex AccountId = new Regex(@"^\d{12}$", RegexOptions.CultureInvariant);
        private static readonly Regex UserArn = new Regex(@"^arn:aws[a-z\-]*:iam::\d{12}:user/.+$", RegexOptions.CultureInvariant);
        private static readonly Regex AccessKeyId = new Regex(@"^(AKIA|ASIA|AIDA)[A-Z0-9]{12,124}$", RegexOptions.CultureInvariant);
        private static readonly Regex OrganizationalUnitOrRoot = new Regex(@"^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$", RegexOptions.CultureInvariant);
        private static readonly Regex Email = new Regex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant);

        public static bool IsAccountId(string? s) => s != null && AccountId.IsMatch(s);
        public static bool IsUserArn(string? s) => s != null && UserArn.IsMatch(s);
        public static bool IsAccessKeyId(string? s) => s != null && AccessKeyId.IsMatch(s);
        public static bool IsOrganizationalUnitId(string? s) => s != null && OrganizationalUnitOrRoot.IsMatch(s);
        public static bool IsEmail(string? s) => s != null && Email.IsMatch(s);

        /// <summary>An IAM path prefix: starts and ends with '/'.</summary>
        public static bool IsPathPrefix(string? s) => s != null && s.Length >= 1 && s[0] == '/' && s[s.Length - 1] == '/';

        public const string AccessKeyIdShape = "an access key id such as AKIAIOSFODNN7EXAMPLE";
        public const string UserArnShape = "a user ARN such as arn:aws:iam::123456789012:user/path/name";
    }
}
