namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>Credentials that can say where they come from, for the debug line and errors (never a secret).</summary>
    internal interface IDescribedCredentials
    {
        string Description { get; }
    }
}
