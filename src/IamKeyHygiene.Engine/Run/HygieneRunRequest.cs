using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Templates;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Run
{
    /// <summary>What one Invoke-KeyHygiene run is given: the policy and its mode, which accounts and how to reach them,
    /// the breaker's overrides, where notices go, and the opened records.</summary>
    public sealed class HygieneRunRequest
    {
        public HygieneRunRequest(HygienePolicy policy, EngineClock clock, IAuditLog audit)
        {
            Policy = policy;
            Clock = clock;
            Audit = audit;
            Mode = policy.Mode;
        }

        public HygienePolicy Policy { get; }
        public EngineClock Clock { get; }

        /// <summary>The policy's mode unless -Mode overrides it.</summary>
        public RunMode Mode { get; set; }

        /// <summary>-WhatIf: whatever the mode, nothing is sent or changed (the Audit path, prompts shown as What if).</summary>
        public bool WhatIf { get; set; }

        public string RunId { get; set; } = ActionService.NewRunId();

        /// <summary>The accounts of the organization to run over; null: the caller's own account only.</summary>
        public AccountSelection? Selection { get; set; }
        public RoleSessionOptions? Roles { get; set; }

        /// <summary>How the scan reads (its throttle limit is also the accounts acted in at once, at most 64).</summary>
        public ScanSettings Scan { get; set; } = new ScanSettings();

        public int? MaxDisable { get; set; }
        public int? MaxDelete { get; set; }

        /// <summary>Where keys under a Rotate rule get their successor (Invoke-AccessKeyRotation's parameters).</summary>
        public RotationOptions Rotation { get; set; } = new RotationOptions();

        /// <summary>The notice channels' settings; null or no address set: no notices.</summary>
        public NoticeChannelSettings? Notices { get; set; }
        public TemplateSet? Templates { get; set; }
        public string DefaultLanguage { get; set; } = "en";

        public IAuditLog Audit { get; }

        /// <summary>Where the run's history line goes; null: none written.</summary>
        public IRunHistoryWriter? History { get; set; }

        /// <summary>True when the run may send notices (Notify, Enforce; not under -WhatIf).</summary>
        internal bool Sends => !WhatIf && Mode != RunMode.Audit;

        /// <summary>True when the run may change keys (Enforce; not under -WhatIf).</summary>
        internal bool Changes => !WhatIf && Mode == RunMode.Enforce;
    }
}
