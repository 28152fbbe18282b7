using System;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>The organization could not be read as asked (unknown OU, not an organization, denied).
    /// <see cref="ErrorId"/> is stable; the cmdlet makes it the ErrorRecord's id.</summary>
    public sealed class OrganizationQueryException : Exception
    {
        public OrganizationQueryException(string errorId, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }
}
