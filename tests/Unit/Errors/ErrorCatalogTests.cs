using System.Reflection;
using System.Text.RegularExpressions;
using IamKeyHygiene.Engine.Errors;
using Xunit;
using static IamKeyHygiene.Engine.Errors.ErrorTargetKind;

namespace IamKeyHygiene.Tests.Unit.Errors;

/// <summary>The error catalogue: every id once, each with a category, a target and the terminating rule; entries are
/// made only in the catalogue, error records only in the cmdlet assembly's factory. (That every category is a
/// PowerShell ErrorCategory, and that the cmdlets' ids are in here, is checked on the built module:
/// tests/Pester/Errors.Tests.ps1.)</summary>
public sealed class ErrorCatalogTests
{
    [Fact]
    public void Lists_every_id_once()
    {
        var ids = ErrorCatalog.All.Select(e => e.Id).ToList();

        Assert.Equal(ids.Distinct(StringComparer.OrdinalIgnoreCase).Count(), ids.Count);
        var declared = typeof(ErrorCatalog).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(ErrorEntry)).ToList();
        Assert.Equal(declared.Count, ids.Count);
        Assert.All(declared, field => Assert.Equal(field.Name, ((ErrorEntry)field.GetValue(null)!).Id));
    }

    [Fact]
    public void Holds_the_ids_users_branch_on()
    {
        var expected = new[]
        {
            "AwsConfiguration", "CredentialsRejected", "InvalidClockOffset", "InvalidPolicy", "InvalidReportMaxAge", "AwsServiceError",
            "AwsConnectionFailed", "AccountNotFound", "OrganizationalUnitNotFound", "UnexpectedError", "AssumeRoleFailed", "AccountScanFailed",
            "InvalidAsOf", "InvalidDurationSeconds", "ClockOffsetInEffect", "CircuitBreakerTripped", "KeyActionFailed", "NotAFinding", "AuditLogUnavailable", "SelfRotationCredentialSource", "SelfRotationFailed",
            "SecretKmsKeyRequired", "SlackTokenRejected", "InvalidTemplate", "NoticeFailed",
            "SmtpCredentialParameterUnavailable", "InvalidSmtpSettings", "SmtpCredentialsRejected", "SmtpServerUntrusted",
            "NotACreateAccessKeyEvent", "InvalidAccessKeyEvent",
            "RunHistoryUnavailable", "ReportUnwritable",
            "HygieneRunFailed", "InvalidShardFindings", "ShardAccountMissing",
        };

        Assert.Equal(expected.OrderBy(id => id), ErrorCatalog.All.Select(e => e.Id).OrderBy(id => id));
    }

    [Fact]
    public void Every_entry_says_what_it_means_and_what_its_target_is()
        => Assert.All(ErrorCatalog.All, entry =>
        {
            Assert.Matches("^[A-Z][A-Za-z]+$", entry.Id);
            Assert.False(string.IsNullOrWhiteSpace(entry.Meaning));
            Assert.True(Enum.IsDefined(entry.Category), entry.Id);
            Assert.True(Enum.IsDefined(entry.TargetKind), entry.Id);
        });

    [Fact]
    public void Only_the_failure_of_one_account_one_key_one_notice_or_one_event_is_non_terminating()
    {
        Assert.All(ErrorCatalog.All.Where(e => !e.Terminating), entry => Assert.Contains(entry.TargetKind, new[] { AccountId, AccessKeyId, Recipient, EventId }));
        Assert.False(ErrorCatalog.NoticeFailed.Terminating);
        Assert.True(ErrorCatalog.InvalidTemplate.Terminating);
        Assert.False(ErrorCatalog.NotACreateAccessKeyEvent.Terminating);
        Assert.False(ErrorCatalog.InvalidAccessKeyEvent.Terminating);
        Assert.True(ErrorCatalog.CredentialsRejected.Terminating);
        Assert.True(ErrorCatalog.AwsConfiguration.Terminating);
        Assert.True(ErrorCatalog.InvalidPolicy.Terminating);
        Assert.True(ErrorCatalog.InvalidClockOffset.Terminating);
        Assert.False(ErrorCatalog.AssumeRoleFailed.Terminating);
        Assert.False(ErrorCatalog.AccountScanFailed.Terminating);
        Assert.False(ErrorCatalog.AccountNotFound.Terminating);
        Assert.True(ErrorCatalog.InvalidAsOf.Terminating);
        Assert.True(ErrorCatalog.InvalidDurationSeconds.Terminating);
        Assert.True(ErrorCatalog.InvalidReportMaxAge.Terminating);
    }

    [Fact]
    public void The_new_ids_have_the_categories_the_issue_names()
    {
        Assert.Equal(EngineErrorCategory.AuthenticationError, ErrorCatalog.CredentialsRejected.Category);
        Assert.Equal(EngineErrorCategory.InvalidArgument, ErrorCatalog.InvalidClockOffset.Category);
        Assert.Equal(EnvironmentVariable, ErrorCatalog.InvalidClockOffset.TargetKind);
    }

    [Fact]
    public void Entries_are_made_only_in_the_catalogue_and_error_records_only_in_the_factory()
    {
        var src = Repository.Path("src");
        Assert.Equal(new[] { "IamKeyHygiene.Engine/Errors/ErrorCatalog.cs" }, FilesContaining(src, @"new ErrorEntry\("));
        Assert.Equal(new[] { "IamKeyHygiene/Errors/ErrorRecords.cs" }, FilesContaining(src, @"new (System\.Management\.Automation\.)?ErrorRecord\("));
    }

    [Fact]
    public void Entries_cannot_be_made_outside_the_engine()
        => Assert.All(typeof(ErrorEntry).GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance),
            constructor => Assert.True(constructor.IsAssembly, "ErrorEntry's constructor must stay internal"));

    private static List<string> FilesContaining(string root, string pattern)
        => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(path => Regex.IsMatch(System.IO.File.ReadAllText(path), pattern))
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
}
