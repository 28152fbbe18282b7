using System;
using System.Collections.Generic;
using System.Linq;
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
    /// Scans one account: picks the credential report or the live path (DESIGN.md, "How it reads and acts"),
    /// judges every user on complete data only, and emits findings user by user, keeping nothing afterwards.
    /// </summary>
    internal sealed class AccountScanner
    {
        private readonly KeyJudge _judge;
        private readonly ScanSettings _settings;
        private readonly DateTimeOffset _evaluationTime;
        private readonly DateTimeOffset _clockNow;
        private readonly ReportFetcher _fetcher;
        private readonly CredentialReportTriage _triage;
        private readonly IEngineLog _log;
        private readonly RootKeysFromSummary _rootKeysFromSummary;
        private readonly ScanTally _tally;

        /// <summary>Keys are judged at <c>evaluationTime</c> (-AsOf, else the engine clock); report ages are
        /// measured against <c>clockNow</c> (the engine clock). What is read is counted in <c>tally</c>.</summary>
        public AccountScanner(KeyJudge judge, ScanSettings settings, DateTimeOffset evaluationTime, DateTimeOffset clockNow,
            ReportFetcher fetcher, CredentialReportTriage triage, IEngineLog log, ScanTally? tally = null)
        {
            _tally = tally ?? ScanTally.Silent();
            _judge = judge;
            _settings = settings;
            _evaluationTime = evaluationTime;
            _clockNow = clockNow;
            _fetcher = fetcher;
            _triage = triage;
            _log = log;
            _rootKeysFromSummary = new RootKeysFromSummary(judge, evaluationTime, log);
        }

        public Task ScanAsync(OrganizationAccount account, IAccountIam iam, ScanSlot slot, Action<KeyFinding> emit, CancellationToken cancellationToken)
            => ScanAsync(account, iam, null, slot, emit, cancellationToken);

        /// <summary>Scans an account whose report the scan's prepare stage has already had generated (null: not yet).</summary>
        public async Task ScanAsync(OrganizationAccount account, IAccountIam iam, PreparedReport? prepared, ScanSlot slot, Action<KeyFinding> emit,
            CancellationToken cancellationToken)
        {
            var (report, reportProblem, refusalSaidOnce) = await ReportForAsync(account, iam, prepared, slot, cancellationToken).ConfigureAwait(false);
            var parsed = report == null ? null : ParseReport(report, account, out reportProblem);
            var unreadableRoot = parsed?.UnreadableRows.FirstOrDefault(r => r.IsRoot);
            if (unreadableRoot != null)
            {
                // The report's root row is beyond repair: the account summary is the root keys' other source.
                var problem = $"the credential report's root row could not be read ({unreadableRoot.Problem})";
                await _rootKeysFromSummary.CheckAsync(account, iam, $"Account {account.AccountId}: {problem}.", problem, emit, cancellationToken)
                    .ConfigureAwait(false);
            }

            if (report != null && parsed != null && _settings.Source != KeySource.Live && IsFresh(report))
            {
                var builder = new FindingBuilder(account, "CredentialReport", report.GeneratedAt);
                var reader = new ReportInventoryReader(this, iam, account, builder, emit, _triage, _evaluationTime, _settings.IncludeHealthy, _log);
                var looked = await reader.ScanAsync(parsed, report.GeneratedAt, cancellationToken).ConfigureAwait(false);
                _log.Debug($"Account {account.AccountId}: credential report of {report.GeneratedAt:u}, {parsed.Rows.Count} rows " +
                           $"({parsed.UnreadableRows.Count} unreadable), {looked} users read in detail.");
                return;
            }

            if (report != null && parsed != null && _settings.Source == KeySource.Auto)
            {
                _log.Verbose($"Account {account.AccountId}: the credential report of {report.GeneratedAt:u} is older than {_settings.ReportMaxAge}; reading live.");
            }

            var liveBuilder = new FindingBuilder(account, "Live", null);
            if (report != null && parsed != null)
            {
                foreach (var root in parsed.Rows.Where(r => r.IsRoot))
                {
                    EmitRootKeys(account, root, report.GeneratedAt, liveBuilder, emit);
                }
            }
            else
            {
                await CheckRootKeysWithoutReportAsync(account, iam, reportProblem!, refusalSaidOnce, emit, cancellationToken).ConfigureAwait(false);
            }

            await ScanLiveAsync(account, iam, liveBuilder, emit, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The report's rows. A report whose header is not a credential report's fails the account under
        /// CredentialReport; Auto reads the account live instead, and Live needs the report only for root keys
        /// (<paramref name="problem"/> then says why there are none).</summary>
        private ParsedCredentialReport? ParseReport(RawCredentialReport report, OrganizationAccount account, out string? problem)
        {
            problem = null;
            try
            {
                return ReportInventoryReader.Parse(report, account.AccountId);
            }
            catch (AccountAccessException exception) when (_settings.Source != KeySource.CredentialReport)
            {
                problem = $"the credential report could not be read ({exception.InnerException?.Message ?? exception.Message})";
                return null;
            }
        }

        /// <summary>The report, or null and why not when the account is read live without one.</summary>
        private async Task<(RawCredentialReport? Report, string? Problem, bool SaidOnce)> ReportForAsync(OrganizationAccount account, IAccountIam iam,
            PreparedReport? prepared, ScanSlot slot, CancellationToken cancellationToken)
        {
            try
            {
                var report = await (prepared == null ? _fetcher.FetchAsync(iam, slot, cancellationToken) : prepared.ReadAsync(iam, slot, cancellationToken))
                    .ConfigureAwait(false);
                return (report, null, false);
            }
            catch (ReportsRefusedException refused) when (_settings.Source != KeySource.CredentialReport)
            {
                // Said once for the scan (ReportPreparation): one warning per account would drown it.
                _log.Verbose($"Account {account.AccountId}: {refused.Message}; reading the account live.");
                return (null, refused.Message, true);
            }
            catch (Exception exception) when (LiveInventoryReader.IsReadFailure(exception, cancellationToken))
            {
                switch (_settings.Source)
                {
                    case KeySource.CredentialReport:
                        throw new AccountAccessException(
                            ErrorCatalog.AccountScanFailed,
                            account.AccountId,
                            $"Account {account.AccountId}: the credential report could not be had ({AwsErrors.Describe(exception)}).",
                            exception);
                    default:
                        // The warning comes once root keys were checked without it.
                        return (null, $"the credential report could not be had ({AwsErrors.Describe(exception)})", false);
                }
            }
        }

        /// <summary>Without a report, root keys are checked through the account summary; the one warning says why
        /// there is no report and whether root keys were checked (a Verbose line when the scan already warned once
        /// that reports are refused, or under Live, which asks for the report only for root keys' dates; a warning
        /// whenever the summary fails too).</summary>
        private Task CheckRootKeysWithoutReportAsync(OrganizationAccount account, IAccountIam iam, string reportProblem, bool saidOnce,
            Action<KeyFinding> emit, CancellationToken cancellationToken)
        {
            var readingLive = _settings.Source == KeySource.Auto ? "; reading the account live" : "";
            return _rootKeysFromSummary.CheckAsync(account, iam, $"Account {account.AccountId}: {reportProblem}{readingLive}.", reportProblem, emit,
                cancellationToken, quietWhenChecked: saidOnce || _settings.Source == KeySource.Live);
        }

        private bool IsFresh(RawCredentialReport report)
            => _settings.Source == KeySource.CredentialReport || _clockNow - report.GeneratedAt <= _settings.ReportMaxAge;

        private async Task ScanLiveAsync(OrganizationAccount account, IAccountIam iam, FindingBuilder builder, Action<KeyFinding> emit, CancellationToken cancellationToken)
        {
            var users = await ListUsersToTheEndAsync(account, iam, cancellationToken).ConfigureAwait(false);
            _log.Debug($"Account {account.AccountId}: {users.Count} users, read live.");
            foreach (var user in users)
            {
                await ReadUserLiveAsync(account, iam, user, builder, emit, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Reads one user's keys and their last use live, then judges it (nothing when it no longer exists).</summary>
        internal async Task ReadUserLiveAsync(OrganizationAccount account, IAccountIam iam, IamUserFacts user, FindingBuilder builder,
            Action<KeyFinding> emit, CancellationToken cancellationToken)
        {
            var inventory = await LiveInventoryReader.ReadUserAsync(iam, user, cancellationToken).ConfigureAwait(false);
            if (inventory != null)
            {
                _tally.UserListed(account.AccountId, inventory);
                await JudgeUserAsync(account, iam, inventory, builder, emit, cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task<IReadOnlyList<IamUserFacts>> ListUsersToTheEndAsync(
            OrganizationAccount account, IAccountIam iam, CancellationToken cancellationToken)
        {
            try
            {
                return await iam.ListUsersAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (LiveInventoryReader.IsReadFailure(exception, cancellationToken))
            {
                throw new AccountAccessException(
                    ErrorCatalog.AccountScanFailed,
                    account.AccountId,
                    $"Account {account.AccountId}: the user list could not be read to the end ({AwsErrors.Describe(exception)}).",
                    exception);
            }
        }

        /// <summary>
        /// Judges one user and emits its findings. Tags (owners, exemptions, tag-scoped rules) are read only when
        /// they can matter: the user has a finding, Healthy keys are wanted, or a tag-scoped rule is in force.
        /// A user with any part unread gets ReadError findings and no other verdict.
        /// </summary>
        internal async Task JudgeUserAsync(OrganizationAccount account, IAccountIam iam, UserInventory inventory,
            FindingBuilder builder, Action<KeyFinding> emit, CancellationToken cancellationToken)
        {
            if (!inventory.IsComplete)
            {
                Emit(inventory, Judge(account, inventory), builder, emit);
                return;
            }

            if (inventory.Keys.Count == 0)
            {
                return;
            }

            var verdicts = Judge(account, inventory);
            var needsTags = inventory.User.Tags == null
                && (_settings.IncludeHealthy || _judge.Policy.HasTagScopedRules || verdicts.Any(v => v.Stage != KeyStage.Healthy));
            if (needsTags)
            {
                var tagError = await LiveInventoryReader.ReadTagsAsync(iam, inventory.User, cancellationToken).ConfigureAwait(false);
                if (tagError != null)
                {
                    var unread = new UserInventory(inventory.User, inventory.Keys, tagError);
                    Emit(unread, Judge(account, unread), builder, emit);
                    return;
                }

                verdicts = Judge(account, inventory);
            }

            _tally.UserJudged(account.AccountId, inventory, verdicts);
            Emit(inventory, verdicts, builder, emit);
        }

        /// <summary>Counts a user's report row as read (the report path; root rows are counted as their keys are judged).</summary>
        internal void ReportRowRead(string accountId, CredentialReportRow row) => _tally.ReportRow(accountId, row);

        /// <summary>Root user keys (Security Hub IAM.4) from the credential report, which tells their dates and last use.</summary>
        internal void EmitRootKeys(OrganizationAccount account, CredentialReportRow row, DateTimeOffset generatedAt, FindingBuilder builder, Action<KeyFinding> emit)
        {
            foreach (var slot in row.Slots.Where(s => s.HasKey || s.Active))
            {
                _tally.RootKeyRead();
                var verdict = _judge.Judge(Observations.OfRootKey(account, row, slot), _evaluationTime);
                emit(builder.RootKey(row, slot, verdict, generatedAt));
            }
        }

        private IReadOnlyList<KeyVerdict> Judge(OrganizationAccount account, UserInventory inventory)
            => _judge.JudgeUser(Observations.Of(account, inventory), _evaluationTime);

        private void Emit(UserInventory inventory, IReadOnlyList<KeyVerdict> verdicts, FindingBuilder builder, Action<KeyFinding> emit)
        {
            for (var i = 0; i < verdicts.Count; i++)
            {
                var key = i < inventory.Keys.Count ? inventory.Keys[i] : null;
                if (_settings.IncludeHealthy || verdicts[i].Stage != KeyStage.Healthy)
                {
                    emit(builder.Judged(inventory.User, key, verdicts[i], key == null ? null : KeySourceOf(key)));
                }
            }
        }

        /// <summary>A key whose last use was read live on the report path says so.</summary>
        private static string? KeySourceOf(AccessKeyFacts key) => key.ReadLive ? "Live" : null;
    }
}
