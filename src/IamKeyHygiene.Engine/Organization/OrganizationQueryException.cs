using System;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>The organization could not be read as asked: an account or OU it does not hold
    /// (AccountNotFound, OrganizationalUnitNotFound). Its target is that account or OU id.</summary>
    internal sealed class OrganizationQueryException : EngineException
    {
        public OrganizationQueryException(ErrorEntry entry, string target, string message, Exception? inner = null)
            : base(entry, target, message, inner)
        {
        }
    }
}
