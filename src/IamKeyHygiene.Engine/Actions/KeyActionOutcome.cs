namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>What became of one key an action cmdlet was given.</summary>
    public enum KeyActionOutcome
    {
        /// <summary>The change was made (and checked where the action says so).</summary>
        Done,
        /// <summary>-WhatIf, Audit mode, or the user answered No: nothing changed; the result says what would have.</summary>
        WhatIf,
        /// <summary>Not this cmdlet's to change (another stage, an exemption, a preview, live state that no longer warrants it).</summary>
        Skipped,
        /// <summary>The action is due but a safety rail stopped it (the module's own key, a third key, a key still in use).</summary>
        Blocked,
        /// <summary>Started and to be finished by a later run (a rotation's later stages, a key tagged seen-inactive).</summary>
        Deferred,
        /// <summary>An AWS call failed; the error record says which.</summary>
        Failed,
    }
}
