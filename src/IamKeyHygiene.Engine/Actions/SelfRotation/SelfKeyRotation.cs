using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// One self-rotation, in this order: resolve the profile (a static key in the credentials file, else a terminating
    /// error); with MFA, a GetSessionToken session signs the IAM calls; GetUser says whose key it is; the user's keys and
    /// tags are read and reconciled with any earlier run (below); ShouldProcess; tag the old key
    /// <c>rotating since=T run=R</c>; CreateAccessKey (never retried: after an ambiguous failure the keys are re-listed and
    /// a key that appeared is deactivated and deleted, since its secret was never received); tag <c>rotating-to=K</c>;
    /// verify K with STS GetCallerIdentity signed by it (retried while it propagates); back up the file and replace it
    /// atomically; tag the old key <c>disabled=now</c> and deactivate it.
    /// A re-run after a crash converges: a key created after the tag's <c>since</c>, not in the file and not used but by
    /// the verification, is an orphan of that run and is deactivated and deleted before a new key is made (so IAM's
    /// two-key quota never meets a third); a profile whose key another key's tag names as its successor finishes that
    /// rotation (the old key is deactivated) instead of starting a new one.
    /// </summary>
    internal sealed class SelfKeyRotation
    {
        private const string RotateAction = ActionNames.Rotate;
        // The service the new key is verified with before the file holds it: its one use there does not make an orphan "used".
        private const string SelfVerificationService = "sts";
        private readonly SelfRotationRequest _request;
        private readonly IEngineHost _host;
        private readonly IAuditLog _audit;
        private readonly string _runId;
        private string _callerArn = "";
        private DateTimeOffset? _startedAt;
        private KeyActionRecord _record = new KeyActionRecord();

        public SelfKeyRotation(SelfRotationRequest request, IEngineHost host, IAuditLog audit)
        {
            _request = request ?? throw new ArgumentNullException(nameof(request));
            _host = host ?? throw new ArgumentNullException(nameof(host));
            _audit = audit ?? throw new ArgumentNullException(nameof(audit));
            _runId = request.RunId ?? NewRunId(request.Clock.UtcNow);
        }

        private DateTimeOffset Now => _request.Clock.UtcNow;

        public async Task<SelfRotationResult> RunAsync(CancellationToken ct)
        {
            var connection = AwsConnection.Resolve(_request.Connection, _host);
            var source = SelfKeySource.Check(_request.Connection, connection);
            var signing = connection;
            if (!string.IsNullOrEmpty(_request.MfaSerialNumber))
            {
                _host.Verbose($"STS GetSessionToken with MFA device {_request.MfaSerialNumber} for the IAM calls.");
                signing = await connection.WithSessionTokenAsync(_request.MfaSerialNumber!, _request.TokenCode ?? "", ct).ConfigureAwait(false);
            }

            using (var iam = signing.CreateIamClient())
            {
                IamUser user;
                try
                {
                    user = await iam.GetUserAsync(null, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
                {
                    throw signing.CallerFailure(e);
                }
                if (user.Arn.IndexOf(":user/", StringComparison.Ordinal) < 0)
                    throw new EngineException(ErrorCatalog.SelfRotationCredentialSource, source.ProfileName,
                        $"The key of profile '{source.ProfileName}' belongs to {user.Arn}, not an IAM user: -Self rotates IAM users' keys only.");
                _callerArn = user.Arn;
                _record = new KeyActionRecord
                {
                    RunId = _runId,
                    AccountId = user.Arn.Split(':')[4],
                    UserName = user.UserName,
                    AccessKeyId = source.AccessKeyId,
                    Action = RotateAction,
                };
                var steps = new SelfRotationSteps(iam, user.UserName, _host, ct);
                return await RotateAsync(steps, connection, source, ct).ConfigureAwait(false);
            }
        }

        private async Task<SelfRotationResult> RotateAsync(SelfRotationSteps steps, AwsConnection connection, SelfKeySource source, CancellationToken ct)
        {
            var oldKeyId = source.AccessKeyId;
            var keys = await steps.ListKeysAsync().ConfigureAwait(false);
            var tags = await steps.ListTagsAsync().ConfigureAwait(false);
            var oldKey = keys.FirstOrDefault(k => k.AccessKeyId == oldKeyId);
            if (oldKey is null)
                return Finish(KeyActionOutcome.Blocked, "ProfileKeyNotFound", $"The profile's key {oldKeyId} is not one of {steps.UserName}'s keys.");

            var predecessor = keys.FirstOrDefault(k => k.AccessKeyId != oldKeyId && k.Status == "Active"
                && ModuleKeyTag.FromUserTags(tags, k.AccessKeyId, out _)?.RotatingTo == oldKeyId);
            if (predecessor != null)
                return await FinishEarlierRotationAsync(steps, predecessor, oldKeyId, source).ConfigureAwait(false);

            var oldTag = ModuleKeyTag.FromUserTags(tags, oldKeyId, out _);
            var orphans = await FindOrphansAsync(steps, keys, oldKeyId, oldTag).ConfigureAwait(false);
            if (orphans.InUse.Count > 0)
                return Finish(KeyActionOutcome.Blocked, ActionReasons.OrphanInUse,
                    $"Key {string.Join(", ", orphans.InUse)} was created by an earlier rotation of this key that did not finish, but it has been used since; decide by hand (nothing changed).");
            if (keys.Count - orphans.Unused.Count >= 2)
                return Finish(KeyActionOutcome.Blocked, "TwoKeys",
                    $"{steps.UserName} already has two access keys; IAM allows two, so a rotation cannot make a third. Delete the one not in use, then run again (nothing changed).");

            var what = $"Rotate: create a new access key, write it to profile '{source.ProfileName}' in {source.CredentialsPath}, then deactivate the old key"
                       + (orphans.Unused.Count > 0 ? $" (and first delete {string.Join(", ", orphans.Unused)}, left by an earlier run that did not finish)" : "");
            if (!_host.ShouldProcess($"{steps.UserName} access key {oldKeyId}", what))
                return Finish(KeyActionOutcome.WhatIf, "", what + ".");

            Audit(AuditRecord.IntentPhase, RotateAction, oldKeyId, "", "", null);
            foreach (var orphan in orphans.Unused)
                await DeleteOrphanAsync(steps, orphan).ConfigureAwait(false);

            _startedAt = Truncated(Now);
            if (!await steps.TryTagAsync(oldKeyId, ModuleKeyTag.RotationStarting(_startedAt.Value, _runId)).ConfigureAwait(false))
                _host.Warning($"The tag on {oldKeyId} could not be written; the audit log is the record of this rotation.");

            var created = await CreateAsync(steps, keys).ConfigureAwait(false);
            if (created.Result != null) return created.Result;
            var newKey = created.Key!;
            _record.NewAccessKeyId = newKey.AccessKeyId;

            await steps.TryTagAsync(oldKeyId, new ModuleKeyTag { RotatingTo = newKey.AccessKeyId, RotatingSince = _startedAt, RunId = _runId }).ConfigureAwait(false);

            if (!await VerifyAsync(connection, newKey, _callerArn, ct).ConfigureAwait(false))
            {
                await steps.RemoveKeyAsync(newKey.AccessKeyId).ConfigureAwait(false);
                return Fail(ActionReasons.NewKeyNotVerified, $"The new key {newKey.AccessKeyId} did not authenticate within {_request.VerifyTimeout.TotalSeconds:0} s; it was deactivated and deleted, the file and the old key are unchanged.");
            }

            string backup;
            try
            {
                backup = source.WriteNewKey(newKey.AccessKeyId, newKey.SecretAccessKey, Now);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidOperationException)
            {
                await steps.RemoveKeyAsync(newKey.AccessKeyId).ConfigureAwait(false);
                return Fail("CredentialsFileNotWritten", $"{source.CredentialsPath} could not be written ({e.Message}); the new key {newKey.AccessKeyId} was deactivated and deleted, the old key is unchanged.");
            }
            _host.Verbose($"Profile '{source.ProfileName}' now holds {newKey.AccessKeyId}; the previous file is backed up as {backup}.");

            var secret = _request.PassThru ? ToSecureString(newKey.SecretAccessKey) : null;
            newKey.SecretAccessKey = "";
            return await DeactivateOldAsync(steps, oldKey, newKey.AccessKeyId, secret).ConfigureAwait(false);
        }

        /// <summary>The file already holds the successor (an earlier run stopped before deactivating): deactivate the predecessor.</summary>
        private async Task<SelfRotationResult> FinishEarlierRotationAsync(SelfRotationSteps steps, AccessKeyMetadata predecessor, string profileKeyId, SelfKeySource source)
        {
            _record.AccessKeyId = predecessor.AccessKeyId;
            _record.NewAccessKeyId = profileKeyId;
            var what = $"Finish an earlier rotation: deactivate {predecessor.AccessKeyId}, whose successor {profileKeyId} is already in profile '{source.ProfileName}'";
            if (!_host.ShouldProcess($"{steps.UserName} access key {predecessor.AccessKeyId}", what))
                return Finish(KeyActionOutcome.WhatIf, "", what + ".");
            Audit(AuditRecord.IntentPhase, RotateAction, predecessor.AccessKeyId, "", ActionReasons.CompletingEarlierRun, profileKeyId);
            return await DeactivateOldAsync(steps, predecessor, profileKeyId, null, ActionReasons.CompletingEarlierRun).ConfigureAwait(false);
        }

        private async Task<SelfRotationResult> DeactivateOldAsync(SelfRotationSteps steps, AccessKeyMetadata oldKey, string newKeyId, SecureString? secret, string reason = "")
        {
            var oldKeyId = oldKey.AccessKeyId;
            var disabledAt = Now;
            // The tag first, then the change: a crash between them leaves an Active key whose tag says disabled, which the
            // judge ignores for Active keys and a re-run finishes (the successor is in the file).
            var tag = new ModuleKeyTag { RotatingTo = newKeyId, RotatingSince = _startedAt ?? Truncated(disabledAt), RunId = _runId, DisabledAt = Truncated(disabledAt) };
            if (!await steps.TryTagAsync(oldKeyId, tag).ConfigureAwait(false))
                _host.Warning($"The tag disabled= on {oldKeyId} could not be written; the audit log records when it was deactivated.");
            try
            {
                await steps.SetStatusAsync(oldKeyId, "Inactive").ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return Fail("OldKeyNotDeactivated", $"The new key {newKeyId} is in the file, but {oldKeyId} could not be deactivated ({AwsErrors.Describe(e)}); run again to finish.", secret);
            }
            var message = $"{newKeyId} replaces {oldKeyId}, which is now Inactive and tagged disabled=; a later run deletes it after the recovery window (Restore-AccessKey undoes the deactivation)."
                          + (_request.OldKeyAction == OldKeyAction.Delete ? " -OldKeyAction Delete also only deactivates now: deletion waits for the recovery window." : "");
            var judged = SelfRotationNextStage.Of(_record, oldKeyId, tag, Now, oldKey.CreateDate);
            _record.NextStage = judged.Stage;
            _record.NextStageDate = judged.At;
            _record.AccessKeyId = oldKeyId;
            _record.NewAccessKeyId = newKeyId;
            return Finish(KeyActionOutcome.Done, reason, message, secret);
        }

        private async Task<(NewAccessKey? Key, SelfRotationResult? Result)> CreateAsync(SelfRotationSteps steps, IReadOnlyList<AccessKeyMetadata> before)
        {
            try
            {
                var key = await steps.CreateKeyAsync().ConfigureAwait(false);
                _host.Verbose($"Created {key.AccessKeyId} for {steps.UserName}.");
                return (key, null);
            }
            catch (Exception e) when (AwsErrors.KindOf(e, "CreateAccessKey") == AwsErrorKind.Quota)
            {
                return (null, Finish(KeyActionOutcome.Blocked, "TwoKeys", $"IAM refused a new key ({AwsErrors.Describe(e)}): {steps.UserName} already has two; nothing else changed."));
            }
            catch (Exception e) when (!(e is OperationCanceledException) && !AwsErrors.IsCredentialsRejected(e) && AwsErrors.KindOf(e, "CreateAccessKey") != AwsErrorKind.AccessDenied)
            {
                // Ambiguous: the key may exist without us holding its secret. Re-read and remove what appeared.
                var known = new HashSet<string>(before.Select(k => k.AccessKeyId), StringComparer.Ordinal);
                var appeared = (await steps.ListKeysAsync().ConfigureAwait(false)).Where(k => !known.Contains(k.AccessKeyId)).ToList();
                foreach (var key in appeared)
                    await DeleteOrphanAsync(steps, key.AccessKeyId).ConfigureAwait(false);
                return (null, Fail(ActionReasons.CreateAccessKeyAmbiguous,
                    $"CreateAccessKey failed ({AwsErrors.Describe(e)}); " + (appeared.Count > 0
                        ? $"the key it made ({string.Join(", ", appeared.Select(k => k.AccessKeyId))}) was deactivated and deleted, since its secret never arrived. Run again."
                        : "no key was made. Run again.")));
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return (null, Fail("CreateAccessKeyRefused", $"CreateAccessKey was refused ({AwsErrors.Describe(e)}); nothing else changed."));
            }
        }

        /// <summary>STS GetCallerIdentity signed with the new key, retried while IAM propagates it (up to VerifyTimeout).</summary>
        private async Task<bool> VerifyAsync(AwsConnection connection, NewAccessKey key, string userArn, CancellationToken ct)
        {
            var withNewKey = connection.WithAccessKey(key.AccessKeyId, key.SecretAccessKey, $"new key {key.AccessKeyId}");
            try
            {
                var identity = await NewKeyPropagation.RetryAsync(() => withNewKey.GetCallerIdentityAsync(ct),
                    e => e is EngineException refused && refused.Entry == ErrorCatalog.CredentialsRejected, _request.VerifyTimeout, _request.VerifyInterval,
                    (attempt, _) => _host.Verbose($"The new key {key.AccessKeyId} is not valid yet (attempt {attempt}); IAM is still propagating it."), ct)
                    .ConfigureAwait(false);
                if (string.Equals(identity.Arn, userArn, StringComparison.Ordinal)) return true;
                _host.Warning($"The new key {key.AccessKeyId} authenticated as {identity.Arn}, not {userArn}.");
                return false;
            }
            catch (EngineException e) when (!(e.InnerException is OperationCanceledException))
            {
                _host.Warning($"Verifying the new key {key.AccessKeyId} failed: {e.Message}");
                return false;
            }
        }

        private async Task<(List<string> Unused, List<string> InUse)> FindOrphansAsync(SelfRotationSteps steps, IReadOnlyList<AccessKeyMetadata> keys, string oldKeyId, ModuleKeyTag? oldTag)
        {
            var unused = new List<string>();
            var inUse = new List<string>();
            if (oldTag is null) return (unused, inUse);
            foreach (var key in keys.Where(k => oldTag.IsOrphanCandidate(k.AccessKeyId, oldKeyId, k.CreateDate)))
            {
                var lastUse = await steps.LastUseAsync(key.AccessKeyId).ConfigureAwait(false);
                // The earlier run's own verification (STS GetCallerIdentity) is the only use an orphan may have.
                var used = ModuleKeyTag.IsUsedCandidate(lastUse.LastUsedDate, lastUse.ServiceName, SelfVerificationService);
                (used ? inUse : unused).Add(key.AccessKeyId);
            }
            return (unused, inUse);
        }

        private async Task DeleteOrphanAsync(SelfRotationSteps steps, string keyId)
        {
            Audit(AuditRecord.IntentPhase, ActionNames.DeleteOrphan, keyId, "", ActionReasons.OrphanOfCrashedRotation, null);
            await steps.RemoveKeyAsync(keyId).ConfigureAwait(false);
            Audit(AuditRecord.OutcomePhase, ActionNames.DeleteOrphan, keyId, nameof(KeyActionOutcome.Done), ActionReasons.OrphanOfCrashedRotation, null);
        }

        private SelfRotationResult Fail(string reason, string message, SecureString? secret = null)
        {
            _host.WriteError(new EngineException(ErrorCatalog.SelfRotationFailed, _record.AccessKeyId, message));
            return Finish(KeyActionOutcome.Failed, reason, message, secret);
        }

        private SelfRotationResult Finish(KeyActionOutcome outcome, string reason, string message, SecureString? secret = null)
        {
            _record.Outcome = outcome;
            _record.Reason = reason;
            _record.Message = message;
            _record.Time = Now;
            if (outcome != KeyActionOutcome.WhatIf)
                Audit(AuditRecord.OutcomePhase, _record.Action, _record.AccessKeyId, outcome.ToString(), reason, _record.NewAccessKeyId);
            return new SelfRotationResult(_record, secret);
        }

        private void Audit(string phase, string action, string keyId, string outcome, string reason, string? newKeyId)
            => _audit.Append(new AuditRecord
            {
                Time = Now,
                RunId = _runId,
                Caller = _callerArn,
                AccountId = _record.AccountId,
                UserName = _record.UserName,
                AccessKeyId = keyId,
                Action = action,
                Phase = phase,
                Outcome = outcome,
                Reason = reason,
                NewAccessKeyId = newKeyId,
            });

        /// <summary>A secret for -PassThru, read-only (rotation on findings uses it too).</summary>
        internal static SecureString ToSecureString(string text)
        {
            var secure = new SecureString();
            foreach (var c in text) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }

        private static DateTimeOffset Truncated(DateTimeOffset t) => ModuleKeyTag.Disabled(t).DisabledAt!.Value;

        private static string NewRunId(DateTimeOffset now)
            => "self-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
    }
}
