using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// Invoke-AccessKeyRotation on findings: what a key gets depends on its re-judged stage in rotation mode.
    /// Rotate: tag <c>rotating since=T run=R</c>, CreateAccessKey (never retried), tag <c>rotating-to=K since=T</c>,
    /// store K in Secrets Manager, verify K by reading that secret with K itself. Disable (the deactivate age, successor
    /// present): deactivate the old key unless it was used after its successor was created (OldKeyStillInUse).
    /// Delete: delete the Inactive old key (Remove-StaleAccessKey's step). Before creating, a re-run reconciles what an
    /// interrupted run left: a key made after the recorded <c>since</c> that the user's secret holds is adopted as the
    /// successor; one it does not hold and nobody used is an orphan, deactivated and deleted (DeleteOrphan).
    /// </summary>
    internal sealed class RotateKeyAction : KeyAction
    {
        private readonly RotationOptions _options;
        private readonly RotationSecretStore _store;

        public RotateKeyAction(RotationOptions options, AwsConnection connection)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _store = new RotationSecretStore(options, connection ?? throw new ArgumentNullException(nameof(connection)));
        }

        public override string CommandName => "Invoke-AccessKeyRotation";

        internal override KeyDecision Screen(KeyFinding finding)
        {
            if (finding.Stage == nameof(KeyStage.Rotate)) return KeyDecision.Change(ActionNames.Rotate);
            if (finding.Stage == nameof(KeyStage.Disable)) return KeyDecision.Change(ActionNames.DeactivateOld);
            if (finding.Stage == nameof(KeyStage.Delete)) return KeyDecision.Change(ActionNames.DeleteOld);
            return finding.Stage == nameof(KeyStage.Warn) && finding.Reasons.Contains(nameof(KeyReason.AwaitingSeenInactiveTag))
                ? KeyDecision.Change(ActionNames.TagSeenInactive)
                : KeyDecision.Skip(ActionNames.None, finding.Stage);
        }

        internal override KeyDecision Decide(string planned, LiveKey live, KeyFinding finding)
        {
            var verdict = live.Verdict;
            if (live.IsGone) return KeyDecision.Skip(planned, ActionReasons.KeyNotFound, live.Problem);
            if (live.IsUnread || verdict == null) return KeyDecision.Skip(planned, ActionReasons.ReadError, live.Problem);
            if (verdict.Stage == KeyStage.Exempt) return KeyDecision.Skip(planned, ActionReasons.Exempted, $"exempt now: {verdict.Exemption}");
            if (verdict.Settings?.Action != PolicyAction.Rotate)
                return KeyDecision.Skip(planned, ActionReasons.NotRotationManaged, "the rule's action is not Rotate: Disable-StaleAccessKey and Remove-StaleAccessKey act on this key");
            if (verdict.Stage == KeyStage.Rotate && live.IsActive)
            {
                // With a successor (RotationInProgress) too: the change then only checks the successor is stored and readable.
                return KeyDecision.Change(ActionNames.Rotate);
            }

            if (verdict.Stage == KeyStage.Disable && live.IsActive) return KeyDecision.Change(ActionNames.DeactivateOld);
            if (verdict.Stage == KeyStage.Delete && !live.IsActive) return KeyDecision.Change(ActionNames.DeleteOld);
            if (verdict.Stage == KeyStage.Warn && verdict.Reasons.Contains(KeyReason.AwaitingSeenInactiveTag)) return KeyDecision.Change(ActionNames.TagSeenInactive);
            return IsUseBased(finding) && UsedSince(finding, live.Key!)
                ? KeyDecision.Skip(planned, ActionReasons.UsedSinceScan, $"used since the scan (last use {live.Key!.LastUsedDate:yyyy-MM-ddTHH:mm:ssZ}); now {verdict.Stage}")
                : KeyDecision.Skip(planned, ActionReasons.StageChanged, $"re-judged {verdict.Stage} [{string.Join(", ", verdict.Reasons)}] at {verdict.EvaluatedAt:yyyy-MM-ddTHH:mm:ssZ}");
        }

        internal override Task ApplyAsync(ActionStep step, KeyActionRecord record, CancellationToken cancellationToken)
        {
            switch (step.Action)
            {
                case ActionNames.Rotate:
                    return RotateAsync(step, record, cancellationToken);
                case ActionNames.DeactivateOld:
                    return DeactivateOldAsync(step, record, cancellationToken);
                case ActionNames.DeleteOld:
                    return Remove.ApplyAsync(Renamed(step, ActionNames.Delete), record, cancellationToken);
                default:
                    return Remove.ApplyAsync(step, record, cancellationToken);
            }
        }

        internal override string Describe(string action) => action switch
        {
            ActionNames.Rotate => "Rotate access key (create a successor and store it in Secrets Manager)",
            ActionNames.DeactivateOld => "Deactivate the rotated-out access key (set Inactive)",
            ActionNames.DeleteOld => "Delete the rotated-out access key (permanent)",
            _ => Remove.Describe(action),
        };

        internal override BreakerCount CountsAgainst(string action) => action switch
        {
            ActionNames.DeactivateOld => BreakerCount.Disable,
            ActionNames.DeleteOld => BreakerCount.Delete,
            _ => BreakerCount.None,
        };

        private async Task RotateAsync(ActionStep step, KeyActionRecord record, CancellationToken ct)
        {
            var keys = await step.Iam.ListAccessKeysAsync(step.UserName, ct).ConfigureAwait(false);
            var oldTag = ModuleTagWriter.Parsed(step.Live.ModuleTagValue ?? "");
            var others = keys.Where(k => k.AccessKeyId != step.AccessKeyId).ToList();
            var orphans = new List<string>();
            if (oldTag != null)
            {
                foreach (var candidate in others.Where(k => oldTag.IsOrphanCandidate(k.AccessKeyId, step.AccessKeyId, k.CreateDate)))
                {
                    var arn = await _store.HolderOfAsync(step.Finding.AccountId, step.UserName, candidate.AccessKeyId, ct).ConfigureAwait(false);
                    if (arn != null)
                    {
                        var inProgress = oldTag.RotatingTo == candidate.AccessKeyId;
                        await AdoptAsync(step, record, candidate.AccessKeyId, arn, oldTag.RotatingSince!.Value, inProgress, ct).ConfigureAwait(false);
                        return;
                    }

                    var lastUse = await step.Iam.GetAccessKeyLastUsedAsync(candidate.AccessKeyId, ct).ConfigureAwait(false);
                    // No use is allowed: a key is verified here only once a secret holds it.
                    if (ModuleKeyTag.IsUsedCandidate(lastUse.LastUsedDate, lastUse.ServiceName, null))
                    {
                        Stop(record, KeyActionOutcome.Blocked, ActionReasons.OrphanInUse,
                            $"key {candidate.AccessKeyId} was made by an earlier rotation that did not finish and no secret holds it, but it has been used since; decide by hand (nothing changed)");
                        return;
                    }

                    orphans.Add(candidate.AccessKeyId);
                }
            }

            if (others.Count - orphans.Count >= 1)
            {
                Stop(record, KeyActionOutcome.Blocked, ActionReasons.TwoKeysAlready,
                    $"{step.UserName} already has two access keys ({string.Join(", ", keys.Select(k => k.AccessKeyId))}); IAM allows two, so no successor can be made. Delete the one not in use, then run again (nothing changed)");
                return;
            }

            foreach (var orphan in orphans)
            {
                // Its secret never reached a secret version: nobody can hold it.
                await RemoveOrphanAsync(step, orphan, "left by an earlier rotation of this user's key that did not finish; never used, held by no secret", ct)
                    .ConfigureAwait(false);
            }

            var since = step.Now;
            var (_, tagReason, tagProblem) = await WriteTagAsync(step, ModuleKeyTag.RotationStarting(since, RunIdOf(record)), ct).ConfigureAwait(false);
            if (tagReason.Length > 0)
            {
                // Without the marker a crash after CreateAccessKey could not be told from a hand-made key: do not create.
                Stop(record, KeyActionOutcome.Blocked, tagReason, $"{tagProblem}: without the rotation marker no successor is made");
                return;
            }

            NewAccessKey created;
            try
            {
                created = await step.Iam.CreateAccessKeyAsync(step.UserName, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (AwsErrors.KindOf(e, "CreateAccessKey") == AwsErrorKind.Quota)
            {
                Stop(record, KeyActionOutcome.Blocked, ActionReasons.TwoKeysAlready,
                    $"IAM refused a successor ({AwsErrors.Describe(e)}): the user has two keys now (another run may be rotating it); nothing else changed");
                return;
            }
            catch (Exception e) when (IsAmbiguous(e, ct))
            {
                await ReconcileAmbiguousCreateAsync(step, record, keys, e, ct).ConfigureAwait(false);
                return;
            }

            record.NewAccessKeyId = created.AccessKeyId;
            step.Host?.Verbose($"Created {created.AccessKeyId} for {step.UserName} in account {step.Finding.AccountId}.");
            await WriteTagAsync(step, new ModuleKeyTag { RotatingTo = created.AccessKeyId, RotatingSince = ModuleKeyTag.Rotating(created.AccessKeyId, since).RotatingSince }, ct)
                .ConfigureAwait(false);

            string arnStored;
            try
            {
                arnStored = await _store.StoreAsync(step.Finding.AccountId, step.UserName, UserArnOf(step), created, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                // Nobody holds its secret: remove it now (deactivated first), and put the marker back so a crash here is an orphan next time.
                created.SecretAccessKey = "";
                await RemoveKeyAsync(step, created.AccessKeyId, ct).ConfigureAwait(false);
                await WriteTagAsync(step, ModuleKeyTag.RotationStarting(since, RunIdOf(record)), ct).ConfigureAwait(false);
                Stop(record, KeyActionOutcome.Failed, ActionReasons.SecretNotStored,
                    $"{created.AccessKeyId} was created but could not be stored in Secrets Manager ({AwsErrors.Describe(e)}); it was deactivated and deleted, the old key is unchanged");
                return;
            }

            record.SecretArn = arnStored;
            await FinishAsync(step, record, created, arnStored, "", ct).ConfigureAwait(false);
        }

        /// <summary>An earlier run made and stored the successor but stopped before the end: tag it, make sure its
        /// resource policy is there, and verify it, instead of making a third key.</summary>
        /// <summary>The same on every run while the rotation waits for the deactivate age (<paramref name="inProgress"/>: the
        /// tag already names the successor): then the result is Skipped, RotationInProgress.</summary>
        private async Task AdoptAsync(ActionStep step, KeyActionRecord record, string successorId, string secretArn, DateTimeOffset since, bool inProgress,
            CancellationToken ct)
        {
            record.NewAccessKeyId = successorId;
            record.SecretArn = secretArn;
            if (!inProgress) await WriteTagAsync(step, new ModuleKeyTag { RotatingTo = successorId, RotatingSince = since }, ct).ConfigureAwait(false);
            var key = await _store.ReadAsync(step.Finding.AccountId, secretArn, successorId, ct).ConfigureAwait(false);
            var stored = await _store.StoreAsync(step.Finding.AccountId, step.UserName, UserArnOf(step), key, ct).ConfigureAwait(false);
            await FinishAsync(step, record, key, stored, inProgress ? ActionReasons.RotationInProgress : ActionReasons.CompletingEarlierRun, ct).ConfigureAwait(false);
            if (inProgress && record.Outcome == KeyActionOutcome.Done)
            {
                record.Outcome = KeyActionOutcome.Skipped;
                record.Message = $"its successor {successorId} is stored in {secretArn} and reads back with itself; the old key is deactivated at the deactivate age";
            }
        }

        private async Task FinishAsync(ActionStep step, KeyActionRecord record, NewAccessKey key, string secretArn, string reason, CancellationToken ct)
        {
            var problem = await _store.VerifyAsync(secretArn, key, line => step.Host?.Verbose(line), ct).ConfigureAwait(false);
            var secret = _options.PassThru && problem == null ? SelfKeyRotation.ToSecureString(key.SecretAccessKey) : null;
            key.SecretAccessKey = "";
            if (problem != null)
            {
                Stop(record, KeyActionOutcome.Failed, ActionReasons.NewKeyNotVerified,
                    $"{key.AccessKeyId} is stored in {secretArn} but reading it with the key itself failed within {_options.VerifyTimeout.TotalSeconds:0} s ({problem}); "
                    + "check the key's user and the secret's KMS key policy; the old key stays Active");
                return;
            }

            record.Outcome = KeyActionOutcome.Done;
            record.Reason = reason;
            record.Message = $"{key.AccessKeyId} made, stored in {secretArn} and read back with itself; the old key is deactivated by a later run at the deactivate age";
            var settings = step.Live.Verdict?.Settings;
            if (settings != null && step.Live.Key != null)
            {
                record.NextStage = nameof(KeyStage.Disable);
                record.NextStageDate = DayCount.ReachedAt(step.Live.Key.CreateDate, settings.RotationDeactivateDays);
            }

            if (secret != null) step.Host?.WriteResult(secret);
        }

        /// <summary>The deactivate age: only once the old key has not been used since its successor was made.</summary>
        private async Task DeactivateOldAsync(ActionStep step, KeyActionRecord record, CancellationToken ct)
        {
            var tag = ModuleTagWriter.Parsed(step.Live.ModuleTagValue ?? "");
            var keys = await step.Iam.ListAccessKeysAsync(step.UserName, ct).ConfigureAwait(false);
            var successor = keys.FirstOrDefault(k => tag?.RotatingTo != null && k.AccessKeyId == tag.RotatingTo);
            if (successor != null)
            {
                if (await _store.HolderOfAsync(step.Finding.AccountId, step.UserName, successor.AccessKeyId, ct).ConfigureAwait(false) == null)
                {
                    // An interrupted run made the successor but never stored it: that is an orphan, and the rotation starts over.
                    record.Action = ActionNames.Rotate;
                    await RotateAsync(step, record, ct).ConfigureAwait(false);
                    return;
                }

                record.NewAccessKeyId = successor.AccessKeyId;
                var lastUsed = step.Live.Key?.LastUsedDate;
                if (lastUsed.HasValue && lastUsed.Value > successor.CreateDate)
                {
                    Stop(record, KeyActionOutcome.Blocked, ActionReasons.OldKeyStillInUse,
                        $"used {lastUsed.Value:yyyy-MM-ddTHH:mm:ssZ}, after its successor {successor.AccessKeyId} was made ({successor.CreateDate:yyyy-MM-ddTHH:mm:ssZ}): move that workload to the new key first (nothing changed)");
                    return;
                }
            }

            await Disable.ApplyAsync(step, record, ct).ConfigureAwait(false);
        }

        private async Task ReconcileAmbiguousCreateAsync(ActionStep step, KeyActionRecord record, IReadOnlyList<AccessKeyFacts> before, Exception e, CancellationToken ct)
        {
            var known = new HashSet<string>(before.Select(k => k.AccessKeyId), StringComparer.Ordinal);
            var appeared = (await step.Iam.ListAccessKeysAsync(step.UserName, ct).ConfigureAwait(false)).Where(k => !known.Contains(k.AccessKeyId)).ToList();
            foreach (var key in appeared)
            {
                await RemoveOrphanAsync(step, key.AccessKeyId, "made by a CreateAccessKey whose answer was lost, so its secret never arrived", ct).ConfigureAwait(false);
            }

            Stop(record, KeyActionOutcome.Failed, ActionReasons.CreateAccessKeyAmbiguous, $"CreateAccessKey failed ({AwsErrors.Describe(e)}); " + (appeared.Count > 0
                ? $"the key it made ({string.Join(", ", appeared.Select(k => k.AccessKeyId))}) was deactivated and deleted, since its secret never arrived. Run again"
                : "no key was made. Run again"));
        }

        /// <summary>An orphan of a rotation (<see cref="RemoveKeyAsync"/>) as a change of its own: DeleteOrphan, audited
        /// and reported beside the rotated key's result.</summary>
        private static Task RemoveOrphanAsync(ActionStep step, string orphanId, string why, CancellationToken ct)
        {
            var orphan = new KeyActionRecord
            {
                AccountId = step.Finding.AccountId,
                UserName = step.UserName,
                AccessKeyId = orphanId,
                Action = ActionNames.DeleteOrphan,
                Reason = ActionReasons.OrphanOfCrashedRotation,
                Message = $"{orphanId} was {why}: deactivated, then deleted (rotating {step.AccessKeyId})",
            };
            step.Host?.Verbose($"Deleting {orphanId}, an orphan of a rotation of {step.AccessKeyId} ({ActionNames.DeleteOrphan}).");
            return step.SideChange != null ? step.SideChange(orphan, () => RemoveKeyAsync(step, orphanId, ct)) : RemoveKeyAsync(step, orphanId, ct);
        }

        /// <summary>A key of a rotation nobody holds: deactivated first (the module never deletes an Active key), then deleted.</summary>
        private static async Task RemoveKeyAsync(ActionStep step, string keyId, CancellationToken ct)
        {
            await step.Iam.UpdateAccessKeyAsync(step.UserName, keyId, "Inactive", ct).ConfigureAwait(false);
            await step.Iam.DeleteAccessKeyAsync(step.UserName, keyId, ct).ConfigureAwait(false);
        }

        private static bool IsAmbiguous(Exception e, CancellationToken ct)
            => !(e is OperationCanceledException && ct.IsCancellationRequested) && !AwsErrors.IsCredentialsRejected(e)
               && AwsErrors.KindOf(e, "CreateAccessKey") != AwsErrorKind.AccessDenied && !(e is AwsServiceException service && service.StatusCode < 500);

        private static Task<(string Value, string Reason, string? Problem)> WriteTagAsync(ActionStep step, ModuleKeyTag tag, CancellationToken ct)
            => ModuleTagWriter.WriteWholeAsync(step, tag.ToString(), ct);

        private static string UserArnOf(ActionStep step) => step.Finding.UserArn;

        private static string RunIdOf(KeyActionRecord record) => record.RunId.Length > 0 ? record.RunId : "run";

        private static ActionStep Renamed(ActionStep step, string action)
            => new ActionStep(step.Iam, step.Finding, step.Live, action, step.Judge, step.Now) { Host = step.Host, SideChange = step.SideChange };

        private static void Stop(KeyActionRecord record, KeyActionOutcome outcome, string reason, string message)
        {
            record.Outcome = outcome;
            record.Reason = reason;
            record.Message = message;
        }
    }
}
