using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// Invoke-KeyHygiene's action: each key gets what its effective rule's action asks, through the action of the cmdlet
    /// that owns it (Disable-StaleAccessKey, Remove-StaleAccessKey, Invoke-AccessKeyRotation); this class only picks.
    /// The finding names the stage; the rule is known once the key is re-judged live, so a Disable or Delete is planned
    /// under its plain name and becomes DeactivateOld or DeleteOld when the live verdict's rule is Rotate.
    /// </summary>
    internal sealed class ByRuleKeyAction : KeyAction
    {
        private readonly KeyAction _rotate;

        public ByRuleKeyAction(KeyAction rotate) => _rotate = rotate;

        public override string CommandName => "Invoke-KeyHygiene";

        internal override KeyDecision Screen(KeyFinding finding)
            => finding.Stage == nameof(Policy.Judging.KeyStage.Rotate) ? _rotate.Screen(finding)
                : finding.Stage == nameof(Policy.Judging.KeyStage.Disable) ? Disable.Screen(finding)
                : Remove.Screen(finding);

        internal override KeyDecision Decide(string planned, LiveKey live, KeyFinding finding)
        {
            if (planned == ActionNames.Rotate || live.Verdict?.Settings?.Action == PolicyAction.Rotate)
            {
                return _rotate.Decide(ForRotation(planned), live, finding);
            }

            return planned == ActionNames.Disable ? Disable.Decide(planned, live, finding) : Remove.Decide(planned, live, finding);
        }

        internal override Task ApplyAsync(ActionStep step, KeyActionRecord record, CancellationToken cancellationToken)
            => OwnerOf(step.Action).ApplyAsync(step, record, cancellationToken);

        internal override string Describe(string action) => OwnerOf(action).Describe(action);

        internal override BreakerCount CountsAgainst(string action) => OwnerOf(action).CountsAgainst(action);

        private KeyAction OwnerOf(string action) => action switch
        {
            ActionNames.Rotate or ActionNames.DeactivateOld or ActionNames.DeleteOld or ActionNames.DeleteOrphan => _rotate,
            ActionNames.Disable => Disable,
            _ => Remove,
        };

        private static string ForRotation(string planned) => planned switch
        {
            ActionNames.Disable => ActionNames.DeactivateOld,
            ActionNames.Delete => ActionNames.DeleteOld,
            _ => planned,
        };
    }
}
