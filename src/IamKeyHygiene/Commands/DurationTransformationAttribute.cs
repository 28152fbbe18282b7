using System;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// Reads a duration parameter as people write it: '4h', '30m', '1d', '1h30m', '90s', '04:00:00' or a TimeSpan.
    /// A bare number is refused: PowerShell would read 4 as four ticks, and no unit is the right guess.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>The forms a message shows when the value cannot be read.</summary>
        public const string Forms = "'4h', '30m', '1d', '04:00:00' or a TimeSpan";

        private static readonly Regex UnitParts = new Regex(@"^\s*(?:(\d+(?:\.\d+)?)\s*(d|h|m|s)\s*)+$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex UnitPart = new Regex(@"(\d+(?:\.\d+)?)\s*(d|h|m|s)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex Colons = new Regex(@"^\s*(\d+\.)?\d+:\d+(:\d+(\.\d+)?)?\s*$", RegexOptions.CultureInvariant);

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan span:
                    return span;
                case string text when TryParse(text, out var parsed):
                    return parsed;
                case string text:
                    throw new ArgumentTransformationMetadataException(
                        $"'{text}' is not a duration: write it with its unit, as {Forms} (d days, h hours, m minutes, s seconds).");
                default:
                    throw new ArgumentTransformationMetadataException(
                        $"A bare number ({value}) has no unit (PowerShell would read it as ticks): write a duration as {Forms}.");
            }
        }

        /// <summary>'4h', '1h30m', '1.5d', '90s', or TimeSpan's invariant '[d.]hh:mm[:ss]'.</summary>
        public static bool TryParse(string text, out TimeSpan duration)
        {
            duration = TimeSpan.Zero;
            if (UnitParts.IsMatch(text))
            {
                foreach (Match part in UnitPart.Matches(text))
                {
                    var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
                    duration += char.ToLowerInvariant(part.Groups[2].Value[0]) switch
                    {
                        'd' => TimeSpan.FromDays(amount),
                        'h' => TimeSpan.FromHours(amount),
                        'm' => TimeSpan.FromMinutes(amount),
                        _ => TimeSpan.FromSeconds(amount),
                    };
                }

                return true;
            }

            // Only with colons: TimeSpan would read a bare "4" as four days.
            return Colons.IsMatch(text) && TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out duration);
        }
    }
}
