namespace IamKeyHygiene.AwsProtocol.Errors
{
    /// <summary>What a failed AWS call means to the module (see <see cref="AwsErrorClassifier"/>).</summary>
    public enum AwsErrorKind
    {
        /// <summary>None of the below: the same request would fail the same way.</summary>
        Other,

        /// <summary>The service asked us to slow down: retried, with more attempts than other transient failures.</summary>
        Throttling,

        /// <summary>5xx answers, service-side timeouts, no answer at all, and refusals that mean "retry later": retried.</summary>
        Transient,

        /// <summary>The credentials are unknown or the signature is wrong (InvalidClientTokenId, SignatureDoesNotMatch…).</summary>
        CredentialsRejected,

        /// <summary>The session token has expired: a role session is renewed; the caller's own is CredentialsRejected.</summary>
        ExpiredToken,

        /// <summary>The credentials are good but not allowed to do this.</summary>
        AccessDenied,

        /// <summary>The thing asked about does not exist (NoSuchEntity, …NotFoundException).</summary>
        NotFound,

        /// <summary>A service quota is reached (IAM's LimitExceeded: two keys per user, 50 tags): never retried.</summary>
        Quota,
    }
}
