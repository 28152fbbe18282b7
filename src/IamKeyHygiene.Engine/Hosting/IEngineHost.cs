using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Hosting
{
    /// <summary>
    /// The engine's one door to its host (PSRule's IHostContext shape): write a result, write an error, ask
    /// before a change, log (the <see cref="IEngineLog"/> part), report progress, inform. The cmdlet assembly adapts
    /// PSCmdlet to it (AwsCmdletBase); tests use an in-memory sink. Implementations must be safe to call from any
    /// thread: the engine calls from whatever thread its work runs on. Nothing passed here may hold a secret.
    /// </summary>
    public interface IEngineHost : IEngineLog
    {
        /// <summary>One result (an engine type; the host converts it to what it shows).</summary>
        void WriteResult(object result);

        /// <summary>An error from the catalogue. A terminating entry ends the host's command; any other is
        /// reported and the work goes on (one account, one key).</summary>
        void WriteError(EngineException failure);

        /// <summary>May <paramref name="action"/> be done to <paramref name="target"/>? Blocks until the host has
        /// answered (asking the user, -WhatIf, -Confirm). Throws OperationCanceledException when the host stops.</summary>
        bool ShouldProcess(string target, string action);

        /// <summary>How far an activity is: <paramref name="percentComplete"/> 0–99, or -1 when the total is not
        /// known yet; 100 ends the activity.</summary>
        void Progress(string activity, string status, int percentComplete);

        /// <summary>A record for people and scripts beside the results (PowerShell's Information stream), such as a
        /// scan's summary: <paramref name="data"/> is an engine type the host converts, shown as its ToString().</summary>
        void Information(object data, string[] tags);
    }
}
