@{
    Synopsis    = 'Tells each key owner once about all their access keys (across accounts): what was just done, what happens next and when, and how to rotate; unowned keys to the account e-mail or a fallback channel; an optional summary.'
    Links       = @(
        'Get-StaleAccessKey'
        'Disable-StaleAccessKey'
        'Remove-StaleAccessKey'
        'Invoke-AccessKeyRotation'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'Slack: chat.postMessage'; Uri = 'https://api.slack.com/methods/chat.postMessage' }
        @{ Text = 'Amazon SES: SMTP credentials'; Uri = 'https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html' }
        @{ Text = 'Amazon SNS: subscription filter policies'; Uri = 'https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html' }
    )
    Description = @'
Send-KeyOwnerNotice collects the whole pipeline first (findings from Get-StaleAccessKey or new-key findings from CloudTrail events, results from Disable-StaleAccessKey, Remove-StaleAccessKey or Invoke-AccessKeyRotation, whose Finding is the finding acted on) and sends when the pipeline ends. Findings and results are joined by AccessKeyId, so each key appears once, with what was just done to it; keys without an id (root keys, users whose keys could not be listed) by account and user. Healthy and Exempt keys are not notified.

Each owner gets one message listing all their keys, in every account: owners are grouped by lower-cased e-mail, else Slack id. A key whose owner no configured channel can reach, or that has no owner, goes to the account's e-mail (from Organizations), else to -FallbackChannel. NewKey findings of the module's own rotation (reason CreatedByKeyHygiene) go to the summary only. With -SummaryChannel, one summary follows: counts per stage, the keys nearest their next stage, and the module's own new keys.

Owner and account e-mail messages go on the first of Slack, Email, Sns, Teams, Webhook, SlackWebhook that is configured and can reach the recipient; if it does not deliver, the next one that can is tried. The summary and the fallback go on the first of SlackWebhook, Teams, Webhook, Slack, Sns, Email. A channel is configured when its address is given: -SlackToken (Slack Web API), -SlackWebhookUrl, -TeamsWebhookUrl, -WebhookUrl, -SmtpServer with -From, -SnsTopicArn.

Every message is rendered from the template of its channel and language (docs/notices.md: sections per stage, one line per key: account, user, key id masked but the last four characters, age, last use, stage, what was just done, what happens next on which date, and the Invoke-AccessKeyRotation -Self command). The language and time zone are the owner's (owners file language and timeZone, or the user's language and time-zone tags), else -Language and UTC. All templates are read and checked before anything is sent: an unknown placeholder or section is a terminating InvalidTemplate error naming the file, line and placeholder.

Each message is confirmed (ConfirmImpact Medium): -WhatIf shows who would get what, on which channel, and returns results with Outcome WhatIf. A message that cannot be delivered is one non-terminating NoticeFailed error naming the channel and recipient, and a result with Outcome Failed and the reason (NoChannel when no configured channel can reach the recipient); the other messages still go out. No token, password or webhook URL is written to any stream.
'@
    # The notice channel parameters' texts live once, on NoticeCmdletBase (shared with Invoke-KeyHygiene).
    Parameters  = @{
        InputObject           = 'Findings (AccessKeyFinding) or action results (KeyActionResult), or objects with their properties (Import-Csv rows, ConvertFrom-Json output). The whole pipeline is collected before anything is sent.'
        Policy                = 'A policy (New-KeyHygienePolicy, or the path of a policy file) whose owners file gives owners to findings that arrive without one (a CSV, a new-key event).'
        OwnersPath            = 'An owners file (JSON) that gives owners to findings that arrive without one.'
    }
    Examples    = @(
        @{
            Title   = 'A daily run: act, then tell every owner once, in Slack'
            Code    = @'
$token = Read-Host -AsSecureString 'Slack bot token'
Get-StaleAccessKey -OrganizationalUnitId ou-ab12-cd34ef56 -Recurse -RoleName KeyHygieneAudit |
    Disable-StaleAccessKey -RoleName KeyHygieneAdmin -Force |
    Send-KeyOwnerNotice -SlackToken $token -SlackLookupCachePath ./slack-ids.json -SummaryChannel '#iam-key-hygiene'
'@
            Remarks = 'Each owner gets one direct message listing all their keys, with the keys just disabled marked as such and the date each key reaches its next stage; a summary goes to #iam-key-hygiene.'
        }
        @{
            Title   = 'E-mail through Amazon SES SMTP, credentials in Parameter Store, in Japanese'
            Code    = @'
Get-StaleAccessKey | Send-KeyOwnerNotice -SmtpServer email-smtp.us-east-1.amazonaws.com -From iam-hygiene@example.com `
    -SmtpUserNameParameter /keyhygiene/ses-user -SmtpPasswordParameter /keyhygiene/ses-password -Language ja
'@
            Remarks = 'Owners without their own language or time zone get Japanese messages with dates in UTC; unowned keys go to the account''s e-mail.'
        }
        @{
            Title   = 'See who would get what'
            Code    = 'Get-StaleAccessKey | Send-KeyOwnerNotice -WebhookUrl $hookUrl -FallbackChannel ops -WhatIf'
            Remarks = 'Nothing is sent. Each result has Outcome WhatIf and names the channel, the recipient and the keys the message would list.'
        }
    )
    Outputs     = @{
        'IamKeyHygiene.NoticeResult' = 'RunId, Channel, RecipientKind (Owner, AccountEmail, FallbackChannel, SummaryChannel), Recipient, AccessKeyIds, KeyCount, Subject, Outcome (Sent, WhatIf, Failed), Reason, Message, Time.'
    }
    Notes       = 'Permissions: sns:Publish on -SnsTopicArn; ssm:GetParameter (and kms:Decrypt) for -SmtpUserNameParameter and -SmtpPasswordParameter. Nothing else reads AWS.'
}
