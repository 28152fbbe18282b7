namespace IamKeyHygiene.Tests.Unit.Architecture;

/// <summary>A folder of the engine (its namespace, "X.*" for the folder with its subfolders) and the folders it may use.</summary>
internal sealed record FolderRule(string Folder, string MayUse, string Role)
{
    public IEnumerable<string> Allowed => MayUse.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True for a namespace (relative to the engine's, "" for the root) inside this folder.</summary>
    public bool Holds(string relativeNamespace) => Folder.EndsWith(".*", StringComparison.Ordinal)
        ? relativeNamespace == Folder[..^2] || relativeNamespace.StartsWith(Folder[..^1], StringComparison.Ordinal)
        : relativeNamespace == Folder;
}

/// <summary>A namespace outside the engine that only some folders may use.</summary>
internal sealed record OutsideRule(string NamespacePrefix, string OnlyIn, string Why)
{
    public IEnumerable<string> Folders => OnlyIn.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// The engine's folder rules: arrows point down only. Inventory reads, Policy judges, Scan orchestrates, Aws talks
/// to AWS. A folder uses itself, the engine root (the clock, the log, the whole-day rule) and the folders its row
/// names; nothing else. Policy's subfolders are layered among themselves: Json at the bottom, then Exemptions and
/// Owners, then the policy itself, then the judge on top. A new folder needs a row (a test says so).
/// </summary>
internal static class EngineFolders
{
    public const string EngineNamespace = "IamKeyHygiene.Engine";

    public static readonly FolderRule[] Rules =
    {
        //  folder               may use                                                                     role
        new("",                  "",                                                                         "the engine root: clock, log, whole-day rule"),
        new("Errors",            "",                                                                         "the error catalogue: every stable id, its category and target"),
        new("Hosting",           "Errors",                                                                   "the door to the host: results, errors, ShouldProcess, log, progress"),
        new("Aws.*",             "Errors",                                                                   "talks to AWS; knows nothing of what the answers are for"),
        new("Inventory",         "",                                                                         "reads facts about users and keys; judges nothing"),
        new("Organization",      "Aws.* Inventory Errors Hosting",                                           "enumerates accounts and opens their sessions"),
        new("Policy.Json",       "Errors",                                                                   "reads the policy's JSON files; names a bad field"),
        new("Policy.Exemptions", "Policy.Json Inventory",                                                    "exemptions: file, tag, which one applies"),
        new("Policy.Owners",     "Policy.Json Inventory",                                                    "owners: file, tags, who answers for a key"),
        new("Policy",            "Policy.Json Policy.Exemptions Policy.Owners Inventory",                    "the policy: settings, rules, files, hash"),
        new("Policy.Judging",    "Policy Policy.Json Policy.Exemptions Policy.Owners Inventory",             "the judge: every verdict"),
        new("Scan",              "Errors Hosting Aws.* Inventory Organization Policy Policy.Json Policy.Exemptions Policy.Owners Policy.Judging",
                                                                                                             "orchestrates: reads, judges, builds findings"),
        new("Records",           "Aws.* Errors",                                                             "the audit log and run history: local files or S3 part objects"),
        new("Actions.*",         "Errors Hosting Aws.* Inventory Organization Policy Policy.Json Policy.Exemptions Policy.Owners Policy.Judging Scan Records",
                                                                                                             "acts: re-reads and re-judges live, asks, changes, records"),
        new("Reports",           "Scan Records Errors Policy.Judging",                                       "reports: HTML, CSV and Security Hub ASFF files from findings and the run history"),
        new("Events",            "Errors Inventory Policy Policy.Json Policy.Judging Scan",                  "reads CloudTrail CreateAccessKey events into NewKey findings"),
        new("Notices.*",         "Errors Hosting Aws.* Policy Policy.Json Policy.Owners Policy.Judging Scan Actions.* Records",
                                                                                                             "tells owners: joins, groups, renders templates, sends on channels"),
        new("Run",               "Errors Hosting Aws.* Organization Policy Policy.Json Policy.Judging Scan Actions.* Notices.* Records",
                                                                                                             "the scheduled run: enumerate, judge, act, notify, records, in one façade"),
    };

    /// <summary>Namespaces outside the engine that only the named folders may use ("" = none).</summary>
    public static readonly OutsideRule[] Outside =
    {
        new("System.Management.Automation", "", "the engine never names a PowerShell type; the cmdlet assembly adapts it"),
        new("Amazon", "Aws.*", "AWSSDK types stay in the AWS layer; the rest of the engine sees engine types"),
        new("MailKit", "Notices.*", "the SMTP library stays in the notice channels"),
        new("MimeKit", "Notices.*", "the MIME library stays in the notice channels"),
    };

    /// <summary>A namespace relative to the engine's ("" for the root), or null for one outside the engine
    /// (or a compiler-made type's empty one).</summary>
    public static string? Relative(string fullNamespace)
    {
        if (fullNamespace == EngineNamespace)
        {
            return "";
        }

        return fullNamespace.StartsWith(EngineNamespace + ".", StringComparison.Ordinal) ? fullNamespace[(EngineNamespace.Length + 1)..] : null;
    }

    /// <summary>The row of the folder holding an engine namespace, or null when no row holds it.</summary>
    public static FolderRule? RuleFor(string relativeNamespace) => Rules.SingleOrDefault(r => r.Holds(relativeNamespace));
}
