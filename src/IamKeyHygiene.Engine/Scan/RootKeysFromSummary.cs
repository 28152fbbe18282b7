using System;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy.Judging;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// Root user keys (Security Hub IAM.4) of an account read without a credential report: IAM GetAccountSummary's
    /// AccountAccessKeysPresent says whether the root user has an access key, nothing more. A key present is a
    /// RootAccessKey finding; when the summary cannot be read either, a ReadError finding for &lt;root_account&gt;
    /// says that root keys went unchecked and why. Never silence.
    /// </summary>
    internal sealed class RootKeysFromSummary
    {
        public const string Source = "AccountSummary";

        private readonly KeyJudge _judge;
        private readonly DateTimeOffset _evaluationTime;
        private readonly IEngineLog _log;

        public RootKeysFromSummary(KeyJudge judge, DateTimeOffset evaluationTime, IEngineLog log)
        {
            _judge = judge;
            _evaluationTime = evaluationTime;
            _log = log;
        }

        /// <summary>Checks the root user's keys through the account summary, emits what it finds and warns once:
        /// <paramref name="whyNoReport"/> (a sentence naming the account), then whether root keys were checked.
        /// <paramref name="reportProblem"/> is why there is no report, for the ReadError finding ("the credential
        /// report could not be had (AccessDenied: …)"). <paramref name="quietWhenChecked"/> makes a successful check a
        /// Verbose line (the scan has already warned once for all such accounts).</summary>
        public async Task CheckAsync(OrganizationAccount account, IAccountIam iam, string whyNoReport, string reportProblem,
            Action<KeyFinding> emit, CancellationToken cancellationToken, bool quietWhenChecked = false)
        {
            bool present;
            try
            {
                present = await iam.RootHasAccessKeyAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (LiveInventoryReader.IsReadFailure(exception, cancellationToken))
            {
                var summaryError = AwsErrors.Describe(exception);
                _log.Warning($"{whyNoReport} Root access keys not checked: GetAccountSummary failed too ({summaryError}).");
                Emit(account, $"root access keys not checked: {reportProblem}, and GetAccountSummary failed too ({summaryError})", emit);
                return;
            }

            var checkedText = $"{whyNoReport} Root access keys checked through the account summary (GetAccountSummary): {(present ? "the root user has an access key" : "none")}.";
            if (quietWhenChecked)
            {
                _log.Verbose(checkedText);
            }
            else
            {
                _log.Warning(checkedText);
            }
            if (present)
            {
                Emit(account, null, emit);
            }
        }

        private void Emit(OrganizationAccount account, string? readError, Action<KeyFinding> emit)
        {
            var verdict = _judge.Judge(Observations.OfRootFromSummary(account, readError), _evaluationTime);
            emit(new FindingBuilder(account, Source, null).RootKeyFromSummary(verdict));
        }
    }
}
