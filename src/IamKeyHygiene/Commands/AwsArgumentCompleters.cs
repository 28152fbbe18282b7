using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using IamKeyHygiene.Engine.Aws;

namespace IamKeyHygiene.Commands
{
    /// <summary>Completes -Region with the regions of every AWS partition.</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
            => Completions.Matching(CompletionSources.RegionNames(), wordToComplete);
    }

    /// <summary>Completes -ProfileName with the profiles of the shared files (-ProfileLocation's when it is given).</summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        private static readonly string[] LocationNames = { "ProfileLocation", "AWSProfilesLocation", "ProfilesLocation" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string? location = LocationNames.Select(name => fakeBoundParameters?[name]?.ToString()).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
            return Completions.Matching(CompletionSources.ProfileNames(location == null ? null : FromCurrentLocation(location)), wordToComplete);
        }

        /// <summary>A relative path as the cmdlet will read it: from PowerShell's current location.</summary>
        private static string FromCurrentLocation(string path)
        {
            try
            {
                using (PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    shell.AddScript("$ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($args[0])").AddArgument(path);
                    return shell.Invoke().FirstOrDefault()?.BaseObject as string ?? path;
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException || exception is RuntimeException)
            {
                return path; // completion never fails: the engine reads the path as it is
            }
        }
    }

    internal static class Completions
    {
        public static IEnumerable<CompletionResult> Matching(IEnumerable<string> values, string? wordToComplete)
        {
            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            foreach (string value in values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                string text = value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', ';', ',', '&', '@', '{', '}' }) >= 0
                    ? "'" + value.Replace("'", "''") + "'"
                    : value;
                yield return new CompletionResult(text, value, CompletionResultType.ParameterValue, value);
            }
        }
    }
}
