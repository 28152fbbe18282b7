namespace IamKeyHygiene.Engine.Errors
{
    /// <summary>
    /// The categories the catalogue uses. Each name is the name of a PowerShell ErrorCategory value: the cmdlet
    /// layer maps them by name (the engine never references System.Management.Automation), and a test checks
    /// that every name has its PowerShell value.
    /// </summary>
    public enum EngineErrorCategory
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        PermissionDenied,
        AuthenticationError,
        ConnectionError,
        LimitsExceeded,
        QuotaExceeded,
        ReadError,
        WriteError,
    }
}
