using System.Text.RegularExpressions;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>
    /// AWS's role-chaining cap: a role session that assumes another role gets at most one hour
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html#id_roles_use_view-role-max-session).
    /// Checked once, on the caller's identity, so a longer -DurationSeconds is one error before any account is
    /// tried rather than one AssumeRole failure per account.
    /// </summary>
    internal static class RoleChaining
    {
        public const int MaxDurationSeconds = 3600;

        // What STS GetCallerIdentity answers for role credentials: a role profile, an SSO profile, an assumed role.
        private static readonly Regex AssumedRoleArn = new Regex(@"^arn:[^:]+:sts::\d{12}:assumed-role/", RegexOptions.CultureInvariant);

        public static bool IsRoleSession(CallerIdentity caller) => AssumedRoleArn.IsMatch(caller.Arn ?? "");

        /// <summary>Whether <see cref="Check"/> can fail for these options: a duration above the cap.</summary>
        public static bool MayRefuse(RoleSessionOptions? roles) => roles != null && roles.DurationSeconds > MaxDurationSeconds;

        /// <summary>Throws InvalidDurationSeconds when a role session would ask for more than the cap.</summary>
        public static void Check(CallerIdentity caller, RoleSessionOptions? roles)
        {
            if (roles == null || !MayRefuse(roles) || !IsRoleSession(caller))
            {
                return;
            }

            throw new EngineException(ErrorCatalog.InvalidDurationSeconds, roles.DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"-DurationSeconds {roles.DurationSeconds} is above {MaxDurationSeconds}: the caller ({caller.Arn}) is itself a role session, "
                + $"and AWS caps a role assumed by role chaining at one hour. Give -DurationSeconds {MaxDurationSeconds} or less, "
                + "or run with credentials that are not a role session (sessions are renewed before they expire either way).");
        }
    }
}
