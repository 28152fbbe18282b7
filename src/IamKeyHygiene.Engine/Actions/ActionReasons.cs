namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>The stable words a <see cref="KeyActionRecord.Reason"/> holds (docs: about_IamKeyHygiene, "Acting").
    /// A finding passed through for its stage carries the stage's name instead (Warn, Exempt, ReadError…).</summary>
    public static class ActionReasons
    {
        public const string PreviewFinding = nameof(PreviewFinding);
        public const string PolicyChanged = nameof(PolicyChanged);
        public const string ModuleOwnKey = nameof(ModuleOwnKey);
        public const string RotationManaged = nameof(RotationManaged);
        public const string StageChanged = nameof(StageChanged);
        public const string UsedSinceScan = nameof(UsedSinceScan);
        public const string Exempted = nameof(Exempted);
        public const string AlreadyInactive = nameof(AlreadyInactive);
        public const string KeyNotFound = nameof(KeyNotFound);
        public const string KeyActive = nameof(KeyActive);
        public const string ReadError = nameof(ReadError);
        public const string TagQuotaFull = nameof(TagQuotaFull);
        public const string TagNotWritten = nameof(TagNotWritten);
        public const string AwaitingSeenInactiveTag = nameof(AwaitingSeenInactiveTag);
        public const string BreakerWouldTrip = nameof(BreakerWouldTrip);
        public const string AccountUnreachable = nameof(AccountUnreachable);
        public const string ChangeFailed = nameof(ChangeFailed);
        public const string AuditLogFailed = nameof(AuditLogFailed);
        public const string AlreadyActive = nameof(AlreadyActive);
        public const string DisabledElsewhere = nameof(DisabledElsewhere);
        public const string TwoKeysAlready = nameof(TwoKeysAlready);
        public const string OldKeyStillInUse = nameof(OldKeyStillInUse);
        public const string RotationInProgress = nameof(RotationInProgress);
        public const string NotRotationManaged = nameof(NotRotationManaged);
        public const string OrphanInUse = nameof(OrphanInUse);
        public const string CompletingEarlierRun = nameof(CompletingEarlierRun);
        public const string CreateAccessKeyAmbiguous = nameof(CreateAccessKeyAmbiguous);
        public const string SecretNotStored = nameof(SecretNotStored);
        public const string NewKeyNotVerified = nameof(NewKeyNotVerified);
        public const string OrphanOfCrashedRotation = nameof(OrphanOfCrashedRotation);
    }

    /// <summary>The names a <see cref="KeyActionRecord.Action"/> holds for the actions built so far.</summary>
    public static class ActionNames
    {
        public const string None = nameof(None);
        public const string Disable = nameof(Disable);
        public const string Delete = nameof(Delete);
        public const string TagSeenInactive = nameof(TagSeenInactive);
        public const string Restore = nameof(Restore);
        public const string Rotate = nameof(Rotate);
        public const string DeactivateOld = nameof(DeactivateOld);
        public const string DeleteOld = nameof(DeleteOld);
        public const string DeleteOrphan = nameof(DeleteOrphan);
    }
}
