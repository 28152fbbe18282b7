using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Iam;

public sealed partial class IamService
{
    private string GenerateCredentialReport(AwsCall call)
    {
        var account = call.Caller.Account;
        var wallNow = state.Clock.WallNow;
        var dataNow = state.Clock.Now;
        var report = account.Report;
        string reportState;
        string description;
        if (report is not null && !report.IsReady(wallNow, state.Settings.CredentialReportGenerationTime))
        {
            reportState = "INPROGRESS";
            description = "Report generation in progress.";
        }
        else if (report is not null && dataNow - report.GeneratedTime < state.Settings.CredentialReportMinimumInterval)
        {
            reportState = "COMPLETE";
            description = "Report generation complete.";
        }
        else
        {
            account.Report = new CredentialReportRecord
            {
                GeneratedTime = Scenario.ScenarioLoader.Whole(dataNow),
                Content = CredentialReportWriter.Write(account, dataNow, state.Settings.CredentialReportQuotesCommas),
                StartedAtWall = wallNow,
            };
            reportState = "STARTED";
            description = report is null ? "No report exists. Starting a new report generation task" : "The report is older than 4 hours. Starting a new report generation task";
        }

        return Respond(call, xml => xml.Leaf("State", reportState).Leaf("Description", description));
    }

    private string GetCredentialReport(AwsCall call)
    {
        var report = call.Caller.Account.Report;
        if (report is null)
        {
            throw new AwsErrorException("ReportNotPresent", "Credential report not present. To generate a credential report, use GenerateCredentialReport.", 410);
        }

        if (!report.IsReady(state.Clock.WallNow, state.Settings.CredentialReportGenerationTime))
        {
            throw new AwsErrorException("ReportInProgress", "Credential report generation is in progress. Try again later.", 404);
        }

        if (state.Clock.Now - report.GeneratedTime > state.Settings.CredentialReportExpiry)
        {
            throw new AwsErrorException("ReportExpired", "The credential report has expired. To generate a new credential report, use GenerateCredentialReport.", 410);
        }

        return Respond(call, xml => xml
            .Leaf("Content", Convert.ToBase64String(report.Content))
            .Leaf("ReportFormat", "text/csv")
            .Leaf("GeneratedTime", report.GeneratedTime));
    }
}
