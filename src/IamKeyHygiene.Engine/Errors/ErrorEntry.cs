using System;

namespace IamKeyHygiene.Engine.Errors
{
    /// <summary>
    /// One stable error id of the catalogue (<see cref="ErrorCatalog"/>): its category, what its target object
    /// is, and whether it stops the cmdlet. Users branch on the id; it never changes meaning.
    /// </summary>
    public sealed class ErrorEntry
    {
        internal ErrorEntry(string id, EngineErrorCategory category, ErrorTargetKind targetKind, bool terminating, string meaning)
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("An error id is required.", nameof(id));
            Id = id;
            Category = category;
            TargetKind = targetKind;
            Terminating = terminating;
            Meaning = meaning;
        }

        /// <summary>The error id (the first part of FullyQualifiedErrorId).</summary>
        public string Id { get; }

        public EngineErrorCategory Category { get; }

        public ErrorTargetKind TargetKind { get; }

        /// <summary>True when nothing the cmdlet was asked to do can go on (about_IamKeyHygiene_Errors):
        /// configuration found wrong before any AWS call, credentials AWS rejects. False for a failure of one
        /// member account or one key, after which the others go on.</summary>
        public bool Terminating { get; }

        /// <summary>What the id means, in one sentence.</summary>
        public string Meaning { get; }

        public override string ToString() => Id;
    }
}
