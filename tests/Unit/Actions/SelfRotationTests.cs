using System.Runtime.InteropServices;
using System.Text;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Records;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Actions.SelfRotationKit;

namespace IamKeyHygiene.Tests.Unit.Actions;

/// <summary>Invoke-AccessKeyRotation -Self's engine on the emulator: the file, the keys, the tags, the audit lines, crashes.</summary>
public sealed class SelfRotationTests
{
    [Fact]
    public async Task Rotation_writes_the_new_key_into_the_profile_keeps_the_rest_of_the_file_and_deactivates_and_tags_the_old_key()
    {
        await using var kit = await StartAsync();

        var result = await kit.RotateAsync(kit.Request());

        var record = result.Record;
        Assert.Equal((KeyActionOutcome.Done, "Rotate", SamKeyId, "sam", Account), (record.Outcome, record.Action, record.AccessKeyId, record.UserName, record.AccountId));
        var newKeyId = record.NewAccessKeyId!;
        Assert.Null(result.NewSecretAccessKey);
        Assert.Equal(new[] { (SamKeyId, "Inactive"), (newKeyId, "Active") }, kit.Keys("sam"));
        Assert.Matches(@"^rotating-to=" + newKeyId + @" since=\S+Z run=self-\S+ disabled=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", kit.Tag("sam", "keyhygiene:" + SamKeyId));
        Assert.Equal("Delete", record.NextStage);

        // The file: sam's two values changed in place, everything else byte for byte.
        Assert.Equal(newKeyId, kit.FileValue("sam", "aws_access_key_id"));
        Assert.Equal(kit.SecretOf(newKeyId), kit.FileValue("sam", "aws_secret_access_key"));
        var expected = FileText().Replace($"aws_access_key_id={SamKeyId}", $"aws_access_key_id={newKeyId}")
            .Replace($"aws_secret_access_key = {SamSecret}", $"aws_secret_access_key = {kit.SecretOf(newKeyId)}");
        Assert.Equal(expected, File.ReadAllText(kit.CredentialsPath));

        var backup = Assert.Single(Directory.GetFiles(kit.Folder, "credentials.bak-*"));
        Assert.Equal(FileText(), File.ReadAllText(backup));
        Assert.Empty(Directory.GetFiles(kit.Folder, ".credentials.tmp-*"));
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kit.CredentialsPath));
        }

        var audit = kit.Audit.Records;
        Assert.Equal(new[] { (AuditRecord.IntentPhase, ""), (AuditRecord.OutcomePhase, "Done") }, audit.Select(a => (a.Phase, a.Outcome)));
        Assert.All(audit, a => Assert.Equal(($"arn:aws:iam::{Account}:user/sam", record.RunId, "Rotate"), (a.Caller, a.RunId, a.Action)));
        Assert.Equal(newKeyId, audit[1].NewAccessKeyId);
    }

    [Fact]
    public async Task PassThru_returns_the_secret_only_as_a_SecureString_and_no_line_or_record_holds_it_in_any_encoding()
    {
        await using var kit = await StartAsync();
        var request = kit.Request();
        request.PassThru = true;

        var result = await kit.RotateAsync(request);

        var secret = kit.SecretOf(result.Record.NewAccessKeyId!);
        Assert.Equal(secret, new System.Net.NetworkCredential("", result.NewSecretAccessKey).Password);
        Assert.True(result.NewSecretAccessKey!.IsReadOnly());
        var everything = string.Join("\n", kit.Sink.Log.Lines
            .Concat(kit.Sink.Errors.Select(e => e.Message))
            .Concat(kit.Audit.Records.Select(a => System.Text.Json.JsonSerializer.Serialize(a)))
            .Concat(new[] { System.Text.Json.JsonSerializer.Serialize(result.Record), result.Record.ToString(), result.Record.Message ?? "" }));
        Assert.NotEmpty(kit.Sink.Log.VerboseLines);
        foreach (var form in new[] { secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), Uri.EscapeDataString(secret), SamSecret })
            Assert.DoesNotContain(form, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_changes_nothing_and_says_what_would_be_done()
    {
        await using var kit = await StartAsync();
        kit.Sink.Answer = (_, _) => false;

        var result = await kit.RotateAsync(kit.Request());

        Assert.Equal(KeyActionOutcome.WhatIf, result.Record.Outcome);
        Assert.Contains("write it to profile 'sam'", result.Record.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { (SamKeyId, "Active") }, kit.Keys("sam"));
        Assert.Null(kit.Tag("sam", "keyhygiene:" + SamKeyId));
        Assert.Equal(FileText(), File.ReadAllText(kit.CredentialsPath));
        Assert.Empty(Directory.GetFiles(kit.Folder, "credentials.bak-*"));
    }

    [Fact]
    public async Task A_user_with_two_keys_is_Blocked_not_half_rotated()
    {
        await using var kit = await StartAsync();

        var result = await kit.RotateAsync(kit.Request("tess"));

        Assert.Equal((KeyActionOutcome.Blocked, "TwoKeys"), (result.Record.Outcome, result.Record.Reason));
        Assert.Equal(2, kit.Keys("tess").Count);
        Assert.All(kit.Keys("tess"), k => Assert.Equal("Active", k.Status));
        Assert.Equal(FileText(), File.ReadAllText(kit.CredentialsPath));
    }

    [Fact]
    public async Task A_crash_after_CreateAccessKey_before_the_file_write_then_a_rerun_converges_without_a_third_key()
    {
        await using var kit = await StartAsync();
        // The verification (STS GetCallerIdentity with the new key) is the first call after CreateAccessKey: hold it there and stop the run.
        await kit.Host.ControlAsync(HttpMethod.Post, "faults", new { hold = new { operation = "sts:GetCallerIdentity" } });
        using var stop = new CancellationTokenSource();
        var crashed = kit.RotateAsync(kit.Request(), stop.Token);
        while ((await kit.Host.ControlAsync(HttpMethod.Get, "faults/counts")).GetProperty("waiting").GetInt32() == 0)
            await Task.Delay(50);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashed);
        await kit.Host.ControlAsync(HttpMethod.Delete, "faults");

        var orphan = Assert.Single(kit.Keys("sam"), k => k.Id != SamKeyId).Id;
        Assert.Equal(FileText(), File.ReadAllText(kit.CredentialsPath));

        var rerun = await kit.RotateAsync(kit.Request());

        Assert.Equal(KeyActionOutcome.Done, rerun.Record.Outcome);
        var newKeyId = rerun.Record.NewAccessKeyId!;
        Assert.Equal(new[] { (SamKeyId, "Inactive"), (newKeyId, "Active") }, kit.Keys("sam"));
        Assert.DoesNotContain(kit.Keys("sam"), k => k.Id == orphan);
        Assert.Equal(newKeyId, kit.FileValue("sam", "aws_access_key_id"));
        Assert.Equal(kit.SecretOf(newKeyId), kit.FileValue("sam", "aws_secret_access_key"));
        Assert.Contains(kit.Audit.Records, a => a.Action == "DeleteOrphan" && a.AccessKeyId == orphan && a.Phase == AuditRecord.OutcomePhase);
        var calls = kit.Host.CallsIn(Account);
        Assert.Equal(2, calls["iam:CreateAccessKey"]); // one per run: never a third key, never a blind retry
    }

    [Fact]
    public async Task An_ambiguous_CreateAccessKey_is_reconciled_from_a_fresh_listing_and_a_rerun_converges()
    {
        await using var kit = await StartAsync();
        await kit.Host.ControlAsync(HttpMethod.Post, "faults", new { rules = new[] { new { operation = "iam:CreateAccessKey", resetAfterProbability = 1.0 } } });

        var failed = await kit.RotateAsync(kit.Request());

        Assert.Equal((KeyActionOutcome.Failed, "CreateAccessKeyAmbiguous"), (failed.Record.Outcome, failed.Record.Reason));
        Assert.Equal(new[] { (SamKeyId, "Active") }, kit.Keys("sam"));
        Assert.Equal(FileText(), File.ReadAllText(kit.CredentialsPath));
        Assert.Equal(ErrorCatalog.SelfRotationFailed, Assert.Single(kit.Sink.Errors).Entry);
        Assert.Equal(1, kit.Host.CallsIn(Account)["iam:CreateAccessKey"]);

        await kit.Host.ControlAsync(HttpMethod.Delete, "faults");
        var rerun = await kit.RotateAsync(kit.Request());
        Assert.Equal(KeyActionOutcome.Done, rerun.Record.Outcome);
        Assert.Equal(rerun.Record.NewAccessKeyId, kit.FileValue("sam", "aws_access_key_id"));
    }

    [Fact]
    public async Task A_crash_after_the_file_write_before_the_deactivation_is_finished_by_the_rerun()
    {
        await using var kit = await StartAsync();
        await kit.Host.ControlAsync(HttpMethod.Post, "faults", new { rules = new[] { new { operation = "iam:UpdateAccessKey", serverErrorProbability = 1.0 } } });

        var first = await kit.RotateAsync(kit.Request());
        Assert.Equal((KeyActionOutcome.Failed, "OldKeyNotDeactivated"), (first.Record.Outcome, first.Record.Reason));
        var newKeyId = first.Record.NewAccessKeyId!;
        Assert.Equal(newKeyId, kit.FileValue("sam", "aws_access_key_id"));
        Assert.Equal(new[] { (SamKeyId, "Active"), (newKeyId, "Active") }, kit.Keys("sam"));

        await kit.Host.ControlAsync(HttpMethod.Delete, "faults");
        var rerun = await kit.RotateAsync(kit.Request());

        Assert.Equal((KeyActionOutcome.Done, "CompletingEarlierRun", SamKeyId, newKeyId), (rerun.Record.Outcome, rerun.Record.Reason, rerun.Record.AccessKeyId, rerun.Record.NewAccessKeyId));
        Assert.Equal(new[] { (SamKeyId, "Inactive"), (newKeyId, "Active") }, kit.Keys("sam"));
        Assert.Equal(newKeyId, kit.FileValue("sam", "aws_access_key_id"));
    }

    [Fact]
    public async Task With_MFA_the_IAM_calls_use_a_session_token_and_a_wrong_code_stops_before_any_change()
    {
        await using var kit = await StartAsync();

        var withoutMfa = await Assert.ThrowsAsync<EngineException>(() => kit.RotateAsync(kit.Request("mia")));
        Assert.Equal("AccessDenied", withoutMfa.AwsErrorCode);

        var wrong = kit.Request("mia");
        (wrong.MfaSerialNumber, wrong.TokenCode) = (MiaSerial, "111111");
        var refused = await Assert.ThrowsAsync<EngineException>(() => kit.RotateAsync(wrong));
        Assert.Equal("AccessDenied", refused.AwsErrorCode);
        Assert.DoesNotContain("111111", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { (MiaKeyId, "Active") }, kit.Keys("mia"));

        var right = kit.Request("mia");
        (right.MfaSerialNumber, right.TokenCode) = (MiaSerial, MfaCode);
        var result = await kit.RotateAsync(right);
        Assert.Equal(KeyActionOutcome.Done, result.Record.Outcome);
        Assert.Equal(result.Record.NewAccessKeyId, kit.FileValue("mia", "aws_access_key_id"));
        Assert.Equal("Inactive", kit.Keys("mia").Single(k => k.Id == MiaKeyId).Status);
    }

    public static TheoryData<string, string> OtherSources => new()
    {
        { "parameters", "-AccessKey" },
        { "environment", "environment" },
        { "role profile", "role_arn" },
    };

    [Theory]
    [MemberData(nameof(OtherSources))]
    public async Task Any_other_credential_source_is_a_clear_terminating_error(string source, string named)
    {
        await using var kit = await StartAsync();
        var request = kit.Request(source == "role profile" ? "deploy" : "sam");
        if (source == "parameters") (request.Connection.AccessKey, request.Connection.SecretKey) = (SamKeyId, SamSecret);
        if (source == "environment")
        {
            request.Connection.ProfileName = null;
            request.Connection.ProfileLocation = null;
            request.Connection.Environment = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = SamKeyId, ["AWS_SECRET_ACCESS_KEY"] = SamSecret };
        }

        var error = await Assert.ThrowsAsync<EngineException>(() => kit.RotateAsync(request));

        Assert.Equal(ErrorCatalog.SelfRotationCredentialSource, error.Entry);
        Assert.True(error.Entry.Terminating);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SamSecret, error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { (SamKeyId, "Active") }, kit.Keys("sam"));
    }
}
