using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>A credential report read row by row: the rows that could be read, and those that could not.</summary>
    internal sealed class ParsedCredentialReport
    {
        public ParsedCredentialReport(IReadOnlyList<CredentialReportRow> rows, IReadOnlyList<UnreadableReportRow> unreadableRows)
        {
            Rows = rows;
            UnreadableRows = unreadableRows;
        }

        public IReadOnlyList<CredentialReportRow> Rows { get; }

        /// <summary>Rows beyond repair: they cost only their users, who are read live.</summary>
        public IReadOnlyList<UnreadableReportRow> UnreadableRows { get; }
    }

    /// <summary>A row of the credential report that could not be read, and the user it names when that much is clear.</summary>
    internal sealed class UnreadableReportRow
    {
        public UnreadableReportRow(int line, string? userName, string problem)
        {
            Line = line;
            UserName = userName;
            Problem = problem;
        }

        /// <summary>1-based line of the row in the report.</summary>
        public int Line { get; }

        /// <summary>The row's user (or &lt;root_account&gt;); null when even that cannot be told.</summary>
        public string? UserName { get; }

        /// <summary>Why the row could not be read (line and column included).</summary>
        public string Problem { get; }

        public bool IsRoot => UserName == CredentialReportRow.RootUserName;
    }
}
