using System.Management.Automation;
using IamKeyHygiene.Engine.Actions;

namespace IamKeyHygiene.Commands
{
    /// <summary>Remove-StaleAccessKey: deletes Inactive keys whose re-judged stage is Delete, tags Inactive keys past their
    /// delete age that carry no module tag seen-inactive=&lt;now&gt;, and never deletes an Active key.</summary>
    [Cmdlet(VerbsCommon.Remove, "StaleAccessKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(KeyActionResult))]
    public sealed class RemoveStaleAccessKeyCommand : KeyActionCmdletBase
    {
        /// <summary>The most keys this run may delete, instead of the policy's MaxDeletePerRun (25).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? MaxDelete { get; set; }

        private protected override KeyAction Action => KeyAction.Remove;

        private protected override void Override(ActionSettings settings) => settings.MaxDelete = MaxDelete;
    }
}
