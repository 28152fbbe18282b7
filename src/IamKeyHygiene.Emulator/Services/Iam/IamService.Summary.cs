using IamKeyHygiene.Emulator.Protocol;

namespace IamKeyHygiene.Emulator.Services.Iam;

public sealed partial class IamService
{
    /// <summary>
    /// GetAccountSummary: entity counts of the caller's account and IAM's default quotas
    /// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html). AccountAccessKeysPresent is 1
    /// while the root user has an access key, Active or Inactive; what the emulator does not model counts 0.
    /// </summary>
    private string GetAccountSummary(AwsCall call)
    {
        var account = call.Caller.Account;
        var summary = new (string Key, int Value)[]
        {
            ("Users", account.Users.Count), ("UsersQuota", 5000),
            ("Groups", 0), ("GroupsQuota", 300), ("GroupsPerUserQuota", 10),
            ("Roles", account.Roles.Count), ("RolesQuota", 1000),
            ("Policies", 0), ("PoliciesQuota", 1500),
            ("AccessKeysPerUserQuota", 2), ("SigningCertificatesPerUserQuota", 2),
            ("ServerCertificates", 0), ("ServerCertificatesQuota", 20),
            ("MFADevices", 0), ("MFADevicesInUse", 0),
            ("AccountMFAEnabled", account.RootMfaActive ? 1 : 0),
            ("AccountAccessKeysPresent", account.RootKeys.Count > 0 ? 1 : 0),
            ("AccountSigningCertificatesPresent", 0),
            ("GlobalEndpointTokenVersion", 1),
        };
        return Respond(call, xml =>
        {
            xml.Open("SummaryMap");
            foreach (var (key, value) in summary)
            {
                xml.Open("entry").Leaf("key", key).Leaf("value", value).Close("entry");
            }

            xml.Close("SummaryMap");
        });
    }
}
