using System.Management.Automation;
using IamKeyHygiene.Engine.Actions;

namespace IamKeyHygiene.Commands
{
    /// <summary>Disable-StaleAccessKey: sets keys whose re-judged stage is Disable to Inactive and tags them
    /// disabled=&lt;now&gt;; every other finding passes through as Skipped with its stage or reason.</summary>
    [Cmdlet(VerbsLifecycle.Disable, "StaleAccessKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(KeyActionResult))]
    public sealed class DisableStaleAccessKeyCommand : KeyActionCmdletBase
    {
        /// <summary>The most keys this run may disable, instead of the policy's MaxDisablePerRun (25).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? MaxDisable { get; set; }

        private protected override KeyAction Action => KeyAction.Disable;

        private protected override void Override(ActionSettings settings) => settings.MaxDisable = MaxDisable;
    }
}
