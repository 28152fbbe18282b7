namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>What the policy does with old keys.</summary>
    public enum PolicyAction
    {
        /// <summary>Warn, disable, then delete (seed 000).</summary>
        DisableDelete,

        /// <summary>Rotate into a new key, deactivate the old, then delete it (seed 004).</summary>
        Rotate,
    }
}
