using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy.Judging;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// The credential report path: the report's rows are triaged (the policy's generous pre-filter); only the
    /// users that could have a finding get ListAccessKeys, and their report slots are matched to key ids by
    /// creation time. A key the report does not show (created after it, or not told apart from another) has its
    /// last use read live; if that fails too, the user is a ReadError.
    /// The user list (ListUsers) is read only when the report cannot answer alone: with -IncludeHealthy (users
    /// created after the report) or when a row could not be read. Then users missing from the report's readable
    /// rows, and users deleted and created again since the report (their creation time differs), are read live.
    /// </summary>
    internal sealed class ReportInventoryReader
    {
        private readonly AccountScanner _scanner;
        private readonly IAccountIam _iam;
        private readonly OrganizationAccount _account;
        private readonly FindingBuilder _builder;
        private readonly Action<KeyFinding> _emit;
        private readonly CredentialReportTriage _triage;
        private readonly DateTimeOffset _evaluationTime;
        private readonly bool _includeHealthy;
        private readonly IEngineLog _log;

        public ReportInventoryReader(AccountScanner scanner, IAccountIam iam, OrganizationAccount account, FindingBuilder builder,
            Action<KeyFinding> emit, CredentialReportTriage triage, DateTimeOffset evaluationTime, bool includeHealthy, IEngineLog log)
        {
            _scanner = scanner;
            _iam = iam;
            _account = account;
            _builder = builder;
            _emit = emit;
            _triage = triage;
            _evaluationTime = evaluationTime;
            _includeHealthy = includeHealthy;
            _log = log;
        }

        /// <summary>Reads and judges the users the report flags, and those it cannot speak for; returns how many were looked at.</summary>
        public async Task<int> ScanAsync(ParsedCredentialReport report, DateTimeOffset generatedAt, CancellationToken cancellationToken)
        {
            var unreadableUsers = report.UnreadableRows.Where(r => !r.IsRoot).ToList();
            var (liveUsers, listFailure) = _includeHealthy || unreadableUsers.Count > 0
                ? await ListUsersAsync(generatedAt, cancellationToken).ConfigureAwait(false)
                : (null, null);

            var looked = 0;
            foreach (var row in report.Rows)
            {
                if (row.IsRoot)
                {
                    _scanner.EmitRootKeys(_account, row, generatedAt, _builder, _emit);
                    continue;
                }

                IamUserFacts? live = null;
                var deleted = liveUsers != null && !liveUsers.TryGetValue(row.User, out live);
                if (!deleted && live != null && IsCreatedAgain(row, live))
                {
                    _log.Verbose($"Account {_account.AccountId}: user {row.User} was deleted and created again after the credential report " +
                                 $"(created {live.CreateDate:u}, the report's {row.UserCreationTime:u}); reading it live.");
                    looked++;
                    await ReadLiveAsync(live, cancellationToken).ConfigureAwait(false);
                    continue; // its keys are counted as read live, not as the report's row
                }

                _scanner.ReportRowRead(_account.AccountId, row);
                if (deleted)
                {
                    continue; // deleted since the report
                }

                var hasKey = row.Slots.Any(s => s.HasKey || s.Active);
                if (!hasKey || !(_includeHealthy || _triage.NeedsKeyDetail(row, _evaluationTime)))
                {
                    continue;
                }

                looked++;
                var user = new IamUserFacts(row.User, row.Arn, row.UserPath, row.UserCreationTime);
                var inventory = await ReadUserAsync(row, user, cancellationToken).ConfigureAwait(false);
                if (inventory != null)
                {
                    await _scanner.JudgeUserAsync(_account, _iam, inventory, _builder, _emit, cancellationToken).ConfigureAwait(false);
                }
            }

            if (liveUsers != null)
            {
                looked += await ReadUsersBeyondTheReportAsync(report, liveUsers, cancellationToken).ConfigureAwait(false);
            }
            else if (unreadableUsers.Count > 0)
            {
                throw new AccountAccessException(ErrorCatalog.AccountScanFailed, _account.AccountId,
                    $"Account {_account.AccountId}: {Describe(unreadableUsers)}, and the user list to read {(unreadableUsers.Count == 1 ? "that user" : "those users")} live could not be had ({listFailure}).");
            }

            return looked;
        }

        /// <summary>Parses a report; a report whose header is not a credential report's fails (the caller decides what that costs).</summary>
        public static ParsedCredentialReport Parse(RawCredentialReport report, string accountId)
        {
            try
            {
                return CredentialReportParser.Parse(report.Csv);
            }
            catch (CredentialReportFormatException exception)
            {
                throw new AccountAccessException(ErrorCatalog.AccountScanFailed, accountId,
                    $"Account {accountId}: the credential report could not be read ({exception.Message}).", exception);
            }
        }

        /// <summary>
        /// Reads live the listed users that no readable row speaks for: those named by an unreadable row, and, with
        /// -IncludeHealthy or when a row names no user, those created after the report.
        /// </summary>
        private async Task<int> ReadUsersBeyondTheReportAsync(ParsedCredentialReport report, IReadOnlyDictionary<string, IamUserFacts> liveUsers, CancellationToken cancellationToken)
        {
            var inReport = new HashSet<string>(report.Rows.Select(r => r.User), StringComparer.OrdinalIgnoreCase);
            var unreadable = report.UnreadableRows.Where(r => r.UserName != null)
                .GroupBy(r => r.UserName!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var readEveryNewUser = _includeHealthy || report.UnreadableRows.Any(r => r.UserName == null);
            var looked = 0;
            foreach (var user in liveUsers.Values.Where(u => !inReport.Contains(u.UserName)))
            {
                if (unreadable.TryGetValue(user.UserName, out var row))
                {
                    _log.Verbose($"Account {_account.AccountId}: user {user.UserName}: {row.Problem} Reading the user live.");
                }
                else if (readEveryNewUser)
                {
                    _log.Debug($"Account {_account.AccountId}: user {user.UserName} is not in the credential report (created after it); reading it live.");
                }
                else
                {
                    continue;
                }

                looked++;
                await ReadLiveAsync(user, cancellationToken).ConfigureAwait(false);
            }

            return looked;
        }

        /// <summary>Every user of the account by name, or why the list could not be had (a warning when the
        /// inventory asked for misses the users created after the report).</summary>
        private async Task<(IReadOnlyDictionary<string, IamUserFacts>? Users, string? Failure)> ListUsersAsync(DateTimeOffset generatedAt, CancellationToken cancellationToken)
        {
            try
            {
                var users = await _iam.ListUsersAsync(cancellationToken).ConfigureAwait(false);
                var byName = new Dictionary<string, IamUserFacts>(StringComparer.OrdinalIgnoreCase);
                foreach (var user in users)
                {
                    byName[user.UserName] = user;
                }

                return (byName, null);
            }
            catch (Exception exception) when (LiveInventoryReader.IsReadFailure(exception, cancellationToken))
            {
                var failure = $"ListUsers failed: {AwsErrors.Describe(exception)}";
                if (_includeHealthy)
                {
                    _log.Warning($"Account {_account.AccountId}: users created after the credential report of {generatedAt:u} are not listed ({failure}); the inventory holds the report's users only.");
                }

                return (null, failure);
            }
        }

        private Task ReadLiveAsync(IamUserFacts user, CancellationToken cancellationToken)
            => _scanner.ReadUserLiveAsync(_account, _iam, user, _builder, _emit, cancellationToken);

        /// <summary>The live user is not the one the report saw: it was created at another time.</summary>
        private static bool IsCreatedAgain(CredentialReportRow row, IamUserFacts live)
            => row.UserCreationTime.HasValue && live.CreateDate.HasValue
               && !CredentialReportMatcher.SameSecond(row.UserCreationTime.Value, live.CreateDate.Value);

        private static string Describe(IReadOnlyList<UnreadableReportRow> rows)
            => string.Join("; ", rows.Select(r => r.UserName == null ? r.Problem : $"user {r.UserName}: {r.Problem}"));

        private async Task<UserInventory?> ReadUserAsync(CredentialReportRow row, IamUserFacts user, CancellationToken cancellationToken)
        {
            IReadOnlyList<AccessKeyFacts> keys;
            try
            {
                keys = await _iam.ListAccessKeysAsync(user.UserName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (LiveInventoryReader.IsReadFailure(exception, cancellationToken))
            {
                if (AwsErrors.Is(exception, "NoSuchEntity"))
                {
                    return null; // deleted since the report
                }

                return new UserInventory(user, Array.Empty<AccessKeyFacts>(), $"ListAccessKeys failed: {AwsErrors.Describe(exception)}");
            }

            var listed = keys.Select(k => new ListedAccessKey(k.AccessKeyId, k.IsActive ? KeyStatus.Active : KeyStatus.Inactive, k.CreateDate)).ToList();
            var matches = CredentialReportMatcher.Match(row, listed);
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i];
                var slot = matches[i].Slot;
                if (slot != null)
                {
                    key.LastUsedDate = slot.LastUsedDate;
                    key.LastUsedService = slot.LastUsedService;
                    key.LastUsedRegion = slot.LastUsedRegion;
                    continue;
                }

                await LiveInventoryReader.ReadLastUseAsync(_iam, key, cancellationToken).ConfigureAwait(false);
                if (key.ReadError != null)
                {
                    key.ReadError = $"{matches[i].Problem}; {key.ReadError}";
                }
            }

            return new UserInventory(user, keys);
        }
    }
}
