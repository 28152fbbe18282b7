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

        public ReportInventoryReader(AccountScanner scanner, IAccountIam iam, OrganizationAccount account, FindingBuilder builder,
            Action<KeyFinding> emit, CredentialReportTriage triage, DateTimeOffset evaluationTime, bool includeHealthy)
        {
            _scanner = scanner;
            _iam = iam;
            _account = account;
            _builder = builder;
            _emit = emit;
            _triage = triage;
            _evaluationTime = evaluationTime;
            _includeHealthy = includeHealthy;
        }

        /// <summary>Reads and judges the users the report flags; returns how many were looked at.</summary>
        public async Task<int> ScanAsync(IReadOnlyList<CredentialReportRow> rows, DateTimeOffset generatedAt, CancellationToken cancellationToken)
        {
            var looked = 0;
            foreach (var row in rows)
            {
                if (row.IsRoot)
                {
                    _scanner.EmitRootKeys(_account, row, generatedAt, _builder, _emit);
                    continue;
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

            return looked;
        }

        /// <summary>Parses a report; a report that is not in the 22-column format fails the account.</summary>
        public static IReadOnlyList<CredentialReportRow> Parse(RawCredentialReport report, string accountId)
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
