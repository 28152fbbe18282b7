using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>Where Invoke-AccessKeyRotation stores a new key and how it checks it (docs/rotation.md).</summary>
    public sealed class RotationOptions
    {
        /// <summary>The default secret name: one secret per user, each rotation a new version of it.</summary>
        public const string DefaultSecretNameFormat = "iam-user/{AccountId}/{UserName}";

        /// <summary>The account that holds the secrets; null: each key's own (member) account.</summary>
        public string? SecretAccountId { get; set; }

        /// <summary>The role assumed in <see cref="SecretAccountId"/> to write the secrets.</summary>
        public string? SecretRoleName { get; set; }

        /// <summary>The secret's name; {AccountId} and {UserName} are replaced by the key's account and user.</summary>
        public string SecretNameFormat { get; set; } = DefaultSecretNameFormat;

        /// <summary>The KMS key a new secret is encrypted with (required for central storage: cross-account reads need a
        /// customer managed key); null: aws/secretsmanager.</summary>
        public string? KmsKeyId { get; set; }

        /// <summary>Principals besides the key's own user that the secret's resource policy lets read it.</summary>
        public IReadOnlyList<string> SecretReaderArns { get; set; } = Array.Empty<string>();

        /// <summary>The role assumed in member accounts (the action cmdlets' -RoleName), for their Secrets Manager.</summary>
        public string? MemberRoleName { get; set; }
        public string? MemberExternalId { get; set; }

        /// <summary>Return the new secret as a SecureString.</summary>
        public bool PassThru { get; set; }

        /// <summary>How long the new key may take to work (IAM propagates a new key within seconds), and the wait between tries.</summary>
        public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(30);
        public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The secret's name for one user.</summary>
        public string SecretNameFor(string accountId, string userName)
            => SecretNameFormat.Replace("{AccountId}", accountId).Replace("{UserName}", userName);
    }
}
