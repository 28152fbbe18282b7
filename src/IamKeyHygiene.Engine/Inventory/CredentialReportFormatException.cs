using System;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>A credential report that does not follow the 22-column format; names the line and column.</summary>
    internal sealed class CredentialReportFormatException : Exception
    {
        public CredentialReportFormatException(int line, string? column, string problem)
            : base($"credential report, line {line}{(column is null ? "" : $", column '{column}'")}: {problem}")
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }
        public string? Column { get; }
    }
}
