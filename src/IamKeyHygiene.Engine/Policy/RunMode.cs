namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>How far Invoke-KeyHygiene goes (the policy's <c>mode</c>, or -Mode): the rollout of a guardrail in three steps.</summary>
    public enum RunMode
    {
        /// <summary>Every read, the re-judge reads included; nothing sent, nothing changed (the same path as -WhatIf).</summary>
        Audit,

        /// <summary>Notices sent; no key changed.</summary>
        Notify,

        /// <summary>Keys disabled, deleted or rotated by the effective rule's action; notices sent.</summary>
        Enforce,
    }
}
