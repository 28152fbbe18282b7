using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    // Secrets Manager answers as the engine reads them (awsJson1_1; epoch-second timestamps become UTC instants).
    // Only SecretValue carries a secret; none of these types print one.

    /// <summary>CreateSecret's and PutSecretValue's answer: the secret's ARN and name, and the version just written
    /// (PutSecretValue also gives its staging labels, AWSCURRENT when nothing else was asked for).</summary>
    public sealed class SecretVersionWritten
    {
        public string ARN { get; set; } = "";
        public string Name { get; set; } = "";
        public string VersionId { get; set; } = "";
        public List<string> VersionStages { get; set; } = new List<string>();
    }

    /// <summary>DescribeSecret's answer (metadata only, never the value). KmsKeyId is absent when the secret is
    /// under the AWS managed key aws/secretsmanager; VersionIdsToStages maps each version id to its labels.</summary>
    public sealed class SecretDescription
    {
        public string ARN { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public string? KmsKeyId { get; set; }
        public DateTimeOffset? CreatedDate { get; set; }
        public DateTimeOffset? LastChangedDate { get; set; }
        public DateTimeOffset? LastAccessedDate { get; set; }
        public List<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
        public Dictionary<string, List<string>> VersionIdsToStages { get; set; } = new Dictionary<string, List<string>>();
    }

    /// <summary>GetSecretValue's answer. <see cref="SecretString"/> is the secret itself: it goes to no log, message
    /// or output (ToString leaves it out).</summary>
    public sealed class SecretValue
    {
        public string ARN { get; set; } = "";
        public string Name { get; set; } = "";
        public string VersionId { get; set; } = "";
        public string? SecretString { get; set; }
        public List<string> VersionStages { get; set; } = new List<string>();
        public DateTimeOffset? CreatedDate { get; set; }

        public override string ToString() => $"{ARN} version {VersionId} [{string.Join(",", VersionStages)}]";
    }

    /// <summary>One entry of ListSecretVersionIds: a version's id, labels and dates.</summary>
    public sealed class SecretVersionEntry
    {
        public string VersionId { get; set; } = "";
        public List<string> VersionStages { get; set; } = new List<string>();
        public DateTimeOffset? CreatedDate { get; set; }
        public DateTimeOffset? LastAccessedDate { get; set; }
    }

    /// <summary>What CreateSecret is given. <see cref="SecretString"/> is the secret: never logged.</summary>
    public sealed class NewSecret
    {
        public NewSecret(string name, string secretString, string clientRequestToken)
        {
            Name = name;
            SecretString = secretString;
            ClientRequestToken = clientRequestToken;
        }

        public string Name { get; }
        public string SecretString { get; }

        /// <summary>The first version's id (32-64 characters; a GUID fits). Keep it: after an ambiguous failure,
        /// DescribeSecret's VersionIdsToStages says whether this version was written.</summary>
        public string ClientRequestToken { get; }

        /// <summary>A customer managed key's id, ARN or alias; null means the AWS managed key aws/secretsmanager,
        /// which other accounts can never decrypt.</summary>
        public string? KmsKeyId { get; set; }

        public string? Description { get; set; }
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();

        public override string ToString() => $"{Name} (token {ClientRequestToken})";
    }
}
