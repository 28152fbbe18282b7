@{
    Synopsis    = 'Turns a CloudTrail CreateAccessKey event into a finding of stage NewKey: who created which key, for whom, from where.'
    Links       = @(
        'Get-StaleAccessKey'
        'New-KeyHygienePolicy'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS: Logging IAM and AWS STS API calls with AWS CloudTrail'; Uri = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html' }
        @{ Text = 'AWS: CloudTrail record contents'; Uri = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html' }
        @{ Text = 'Amazon EventBridge: AWS service events delivered via AWS CloudTrail'; Uri = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html' }
        @{ Text = 'Azure Automation: Start a runbook from a webhook'; Uri = 'https://learn.microsoft.com/azure/automation/automation-webhooks' }
    )
    Description = @'
ConvertFrom-AccessKeyEvent reads the CloudTrail record of an IAM CreateAccessKey call and writes an AccessKeyFinding with Stage NewKey: the account (recipientAccountId), the user the key is for (requestParameters.userName, or the caller's own user when the request named none, as IAM does; the root user's key when root called without one), the user's ARN, the new key's id, status and creation date (responseElements.accessKey: CloudTrail never logs the secret), and in CreationEvent who created it and from where (eventID, eventTime, the caller's ARN and type, the role session name of an assumed role, sourceIPAddress, userAgent, awsRegion). The owner is resolved as Get-StaleAccessKey resolves it, from the policy's owners file (by access key id, user ARN, path prefix or account) or a user name that is an e-mail address; the user's tags are not read (no AWS call is made). EvaluatedAt is the module's clock. The event does not tell the user's path unless the caller made its own key: UserPath is then empty, UserArn assumes the path /, and only owners entries for the path prefix / apply.

It takes the event in every shape a runbook is handed it: the CloudTrail record itself (an EventBridge input transformer's $.detail), the EventBridge event around it ("detail-type": "AWS API Call via CloudTrail", "source": "aws.iam", "detail": {...}), an SNS notification (Type Notification, Message a JSON string) carrying either, and Azure Automation's $WebhookData (its RequestBody a JSON string holding any of these); as JSON text, as the object ConvertFrom-Json makes, or as a hashtable. IAM is a global service: its CloudTrail events reach EventBridge in us-east-1 (samples/eventbridge in the module's repository has the rules).

A key the module's own rotation created gets reason CreatedByKeyHygiene, so a notice run lists it in its summary rather than alerting its owner: the caller was a role session named -RoleSessionName, or the call came from the module's AWS clients (their user agent names IamKeyHygiene). Any caller can set either, so the reason routes the notice and proves nothing.

NewKey findings are reported and notified, never acted on: Disable-StaleAccessKey, Remove-StaleAccessKey and Invoke-AccessKeyRotation pass them through as Skipped with reason NewKey.

An event that is not a successful CreateAccessKey (another event, or an errorCode: the call failed and created no key, or an SNS SubscriptionConfirmation) is a non-terminating NotACreateAccessKeyEvent; input that cannot be read (not JSON, none of the shapes, a record without the new key's id or the account) is a non-terminating InvalidAccessKeyEvent. Both name the event's id as target when it is known, write no finding, and the next event goes on. A policy or owners file that cannot be used is a terminating InvalidPolicy before the first event. See about_IamKeyHygiene_Errors.
'@
    Parameters  = @{
        InputObject     = 'The event, from the pipeline or by position: JSON text (read a file with Get-Content -Raw: line by line, each line is a separate, unreadable input), the object ConvertFrom-Json makes of it, a hashtable, or Azure Automation''s $WebhookData (an object, or the JSON text the test pane passes). Each may be the CloudTrail record, the EventBridge event around it, an SNS notification carrying either, or WebhookData whose RequestBody holds one of these.'
        Policy          = 'A policy from New-KeyHygienePolicy, or the path of a policy JSON file: its owners file and owner tag keys say who owns each new key. Default: the default policy, with no owners file.'
        OwnersPath      = 'An owners file (JSON array of { match: account id | user ARN | user path prefix | access key id, owner: { email, slackId, name } }); overrides the policy''s ownersPath.'
        RoleSessionName = 'The role session name the module''s rotation runs under in member accounts (Get-OrganizationAccount -RoleSessionName). A key created by a role session of this name, or by the module''s own AWS clients (their user agent), gets reason CreatedByKeyHygiene. Default: IamKeyHygiene.'
    }
    Outputs     = @{
        'IamKeyHygiene.AccessKeyFinding' = 'One per CreateAccessKey event: Stage NewKey, Source CloudTrail, CreationEvent filled, Reasons CreatedByKeyHygiene for a key the module made.'
    }
    Examples    = @(
        @{
            Title   = 'A saved event'
            Code    = 'Get-Content -Raw ./samples/eventbridge/create-access-key-event.json | ConvertFrom-AccessKeyEvent -OwnersPath ./owners.json | Format-List AccountId, UserName, AccessKeyId, Owner, CreationEvent'
            Remarks = 'The EventBridge event of a CreateAccessKey call, read whole (-Raw), becomes one NewKey finding naming the key, its user, its owner from the owners file and who created it from where.'
        }
        @{
            Title   = 'In an Azure Automation runbook started by a webhook'
            Code    = @'
param([object] $WebhookData)
$finding = $WebhookData | ConvertFrom-AccessKeyEvent -Policy ./policy.json -ErrorAction Stop
if ($finding.Reasons -notcontains 'CreatedByKeyHygiene') { $finding.CreationEvent }
'@
            Remarks = 'Azure Automation hands the webhook''s request as $WebhookData; its RequestBody (the EventBridge event, or an SNS notification carrying it) is read as it comes. A key the module''s own rotation created carries CreatedByKeyHygiene and belongs in the day''s summary, not in an alert.'
        }
        @{
            Title   = 'Events collected in a file, one per line'
            Code    = 'Get-Content ./events.jsonl | ConvertFrom-AccessKeyEvent -ErrorVariable unread -ErrorAction SilentlyContinue | Sort-Object { $_.CreationEvent.EventTime }'
            Remarks = 'Each line is one event (JSON Lines). Lines that are other events (NotACreateAccessKeyEvent) or unreadable (InvalidAccessKeyEvent) are collected in $unread, with the event id as TargetObject; the others become findings.'
        }
    )
}
