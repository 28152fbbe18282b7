using IamKeyHygiene.Emulator.Protocol;

namespace IamKeyHygiene.Emulator.Faults;

/// <summary>
/// One IAM action refused, as an IAM policy without that action (or with an explicit deny) refuses it: AccessDenied
/// (403) "User: &lt;caller arn&gt; is not authorized to perform: iam:&lt;Action&gt; on resource: &lt;arn or *&gt;".
/// </summary>
public sealed class ActionDenial
{
    /// <summary>"iam:GetAccountSummary" (an IAM action; the bare operation name is accepted too).</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The account whose principals are refused; null = every account.</summary>
    public string? AccountId { get; set; }

    /// <summary>Only sessions of this role are refused; null = every principal of the account.</summary>
    public string? RoleName { get; set; }

    public string OperationKey => Action.Contains(':', StringComparison.Ordinal) ? Action : "iam:" + Action;

    public void Validate()
    {
        var service = OperationKey[..OperationKey.IndexOf(':', StringComparison.Ordinal)];
        if (service is not ("iam" or "s3" or "sns" or "ssm") || OperationKey.Length == service.Length + 1)
        {
            throw new ArgumentException($"denyActions: '{Action}' is not an IAM, S3, SNS or SSM action (write it as iam:GetAccountSummary, s3:PutObject, sns:Publish or ssm:GetParameter).");
        }
    }

    public bool Matches(AwsCall call) =>
        call.OperationKey == OperationKey
        && (AccountId is null || AccountId == call.Caller.Account.Id)
        && (RoleName is null || string.Equals(RoleName, call.Caller.Session?.Role.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>IAM's answer: the resource is the user an operation names, else "*" (account-wide actions). SNS and
    /// SSM answer in their own codes, naming the topic or parameter.</summary>
    public static AwsErrorException Refusal(AwsCall call)
    {
        switch (call.Service)
        {
            case "sns":
                return new AwsErrorException("AuthorizationError", $"User: {call.Caller.Arn} is not authorized to perform: SNS:{call.Operation} on resource: {call.Param("TopicArn")}", 403);
            case "ssm":
                var parameter = $"arn:aws:ssm:{call.Region}:{call.Caller.Account.Id}:parameter/{call.JsonString("Name")?.TrimStart('/')}";
                return new AwsErrorException("AccessDeniedException", $"User: {call.Caller.Arn} is not authorized to perform: {call.OperationKey} on resource: {parameter} because no identity-based policy allows the {call.OperationKey} action", 400);
        }

        var resource = call.Param("UserName") is { Length: > 0 } name
            ? call.Caller.Account.Users.TryGetValue(name, out var user) ? user.Arn : $"arn:aws:iam::{call.Caller.Account.Id}:user/{name}"
            : "*";
        return new AwsErrorException("AccessDenied", $"User: {call.Caller.Arn} is not authorized to perform: {call.OperationKey} on resource: {resource}", 403);
    }
}
