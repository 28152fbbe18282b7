using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Policy.Json
{
    /// <summary>
    /// A policy, exemptions or owners definition that cannot be used. Raised before any AWS call; the cmdlet
    /// layer turns it into a terminating error. The message names the file, the line and the field.
    /// Error id InvalidPolicy; its target is the file, or "parameters".
    /// </summary>
    public sealed class PolicyValidationException : EngineException
    {
        public PolicyValidationException(string? source, int? line, string fieldPath, string problem)
            : base(ErrorCatalog.InvalidPolicy, source ?? "parameters", Describe(source, line, fieldPath, problem))
        {
            SourcePath = source;
            Line = line;
            FieldPath = fieldPath;
            Problem = problem;
        }

        /// <summary>The file path, or null when the definition came from parameters.</summary>
        public string? SourcePath { get; }

        /// <summary>1-based line of the offending field (or of the syntax error), when known.</summary>
        public int? Line { get; }

        /// <summary>The field, as a JSON path such as <c>rules[1].disableAgeDays</c> or <c>[3].expires</c>.</summary>
        public string FieldPath { get; }

        /// <summary>What is wrong, without the location.</summary>
        public string Problem { get; }

        private static string Describe(string? source, int? line, string fieldPath, string problem)
        {
            var where = source is null ? "policy parameters" : source;
            if (line.HasValue) where += $", line {line.Value}";
            var field = string.IsNullOrEmpty(fieldPath) ? "" : $", field '{fieldPath}'";
            return $"{where}{field}: {problem}";
        }
    }
}
