using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>What was read, in the shape the judge takes. Facts only: no stage or reason is decided here.</summary>
    internal static class Observations
    {
        /// <summary>One observation per key of the user, in order; a single one with no key id when the keys could
        /// not be listed; none for a user without keys.</summary>
        public static IReadOnlyList<KeyObservation> Of(OrganizationAccount account, UserInventory user)
        {
            if (user.Keys.Count == 0)
            {
                return user.ReadError == null ? Array.Empty<KeyObservation>() : new[] { OfUser(account, user.User, user.ReadError) };
            }

            return user.Keys.Select(key =>
            {
                var observation = OfUser(account, user.User, key.ReadError ?? user.ReadError);
                observation.AccessKeyId = key.AccessKeyId;
                observation.Status = key.IsActive ? KeyStatus.Active : KeyStatus.Inactive;
                observation.CreateDate = key.CreateDate;
                observation.LastUsedDate = key.LastUsedDate;
                observation.LastUsedService = key.LastUsedService;
                observation.LastUsedRegion = key.LastUsedRegion;
                return observation;
            }).ToList();
        }

        /// <summary>A root user key from the credential report, which carries no key id.</summary>
        public static KeyObservation OfRootKey(OrganizationAccount account, CredentialReportRow row, CredentialReportKeySlot slot)
        {
            var observation = InAccount(account);
            observation.UserName = row.User;
            observation.UserArn = row.Arn;
            observation.UserPath = "";
            observation.IsRootKey = true;
            observation.Status = slot.Active ? KeyStatus.Active : KeyStatus.Inactive;
            observation.CreateDate = slot.LastRotated ?? default;
            observation.LastUsedDate = slot.LastUsedDate;
            observation.LastUsedService = slot.LastUsedService;
            observation.LastUsedRegion = slot.LastUsedRegion;
            return observation;
        }

        /// <summary>The root user's keys as the account summary tells them: present (no id, status or dates), or, with
        /// <paramref name="readError"/>, unknown.</summary>
        public static KeyObservation OfRootFromSummary(OrganizationAccount account, string? readError)
        {
            var observation = InAccount(account);
            observation.UserName = CredentialReportRow.RootUserName;
            observation.UserArn = RootArn(account);
            observation.UserPath = "";
            observation.IsRootKey = true;
            observation.PresenceOnly = true;
            observation.ReadError = readError;
            return observation;
        }

        public static string RootArn(OrganizationAccount account) => $"arn:aws:iam::{account.AccountId}:root";

        private static KeyObservation OfUser(OrganizationAccount account, IamUserFacts user, string? readError)
        {
            var observation = InAccount(account);
            observation.UserName = user.UserName;
            observation.UserArn = user.Arn;
            observation.UserPath = user.Path;
            observation.UserTags = user.Tags?.ToList();
            observation.ReadError = readError;
            return observation;
        }

        private static KeyObservation InAccount(OrganizationAccount account) => new KeyObservation
        {
            AccountId = account.AccountId,
            AccountName = account.Name,
            AccountEmail = account.Email,
            OrganizationalUnitIds = account.OrganizationalUnitIds,
        };
    }
}
