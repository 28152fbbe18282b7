using System.Globalization;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Iam;

/// <summary>IAM (awsQuery, XML) for the operations key hygiene needs. Every principal is an administrator of its own account.</summary>
public sealed partial class IamService
{
    public const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";
    public const string AdminUserName = "emulator-admin";
    private readonly EmulatorState state;

    public IamService(EmulatorState state)
    {
        this.state = state;
    }

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal)
    {
        "ListUsers", "GetUser", "ListAccessKeys", "GetAccessKeyLastUsed", "UpdateAccessKey", "DeleteAccessKey", "CreateAccessKey",
        "ListUserTags", "TagUser", "UntagUser", "GenerateCredentialReport", "GetCredentialReport", "ListAccountAliases",
        "GetAccountSummary",
        "CreateUser", "DeleteUser",
    };

    public string Handle(AwsCall call)
    {
        lock (state.Sync)
        {
            if (call.Caller.User?.Mfa is { RequiredForIam: true } && !call.Caller.MfaAuthenticated)
            {
                // The scenario's stand-in for a self-service policy that denies IAM without aws:MultiFactorAuthPresent.
                throw new AwsErrorException("AccessDenied", $"User: {call.Caller.Arn} is not authorized to perform: iam:{call.Operation} with an explicit deny in an identity-based policy", 403);
            }

            return call.Operation switch
            {
                "ListUsers" => ListUsers(call),
                "GetUser" => GetUser(call),
                "ListAccessKeys" => ListAccessKeys(call),
                "GetAccessKeyLastUsed" => GetAccessKeyLastUsed(call),
                "UpdateAccessKey" => UpdateAccessKey(call),
                "DeleteAccessKey" => DeleteAccessKey(call),
                "CreateAccessKey" => CreateAccessKey(call),
                "ListUserTags" => ListUserTags(call),
                "TagUser" => TagUser(call),
                "UntagUser" => UntagUser(call),
                "GenerateCredentialReport" => GenerateCredentialReport(call),
                "GetCredentialReport" => GetCredentialReport(call),
                "ListAccountAliases" => ListAccountAliases(call),
                "GetAccountSummary" => GetAccountSummary(call),
                "CreateUser" => CreateUser(call),
                "DeleteUser" => DeleteUser(call),
                _ => throw InvalidAction(call.Operation),
            };
        }
    }

    public static AwsErrorException InvalidAction(string operation) =>
        new("InvalidAction", $"Could not find operation {operation} for version 2010-05-08", 400);

    private static string Respond(AwsCall call, Action<XmlOut>? result) => XmlOut.Response(call.Operation, Namespace, call.RequestId, result);

    private static AwsErrorException Validation(string message) => new("ValidationError", message, 400);

    private static AwsErrorException NoSuchUser(string name) => new("NoSuchEntity", $"The user with name {name} cannot be found.", 404);

    private static AwsErrorException NoSuchKey(string id) => new("NoSuchEntity", $"The Access Key with id {id} cannot be found.", 404);

    private static (int Max, int Page, string Position) Paging(AwsCall call)
    {
        var max = 100;
        if (call.Param("MaxItems") is { } text)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out max))
            {
                throw Validation($"1 validation error detected: Value '{text}' at 'maxItems' failed to satisfy constraint: Member must be a number");
            }

            if (max < 1)
            {
                throw Validation($"1 validation error detected: Value '{max}' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
            }

            if (max > 1000)
            {
                throw Validation($"1 validation error detected: Value '{max}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000");
            }
        }

        if (!PageToken.TryDecode(call.Param("Marker"), out var page, out var position))
        {
            throw Validation("Invalid Marker.");
        }

        return (call.PageShape?.ItemsOn(page, max) ?? max, page, position);
    }

    private static void Truncation(XmlOut xml, string? next)
    {
        xml.Leaf("IsTruncated", next is not null);
        xml.Leaf("Marker", next);
    }

    private static void WriteUser(XmlOut xml, IamUser user, bool withTags)
    {
        xml.Leaf("Path", user.Path).Leaf("UserName", user.Name).Leaf("UserId", user.UserId).Leaf("Arn", user.Arn).Leaf("CreateDate", user.CreateDate);
        if (withTags && user.Tags.Count > 0)
        {
            xml.Open("Tags");
            foreach (var tag in user.Tags)
            {
                xml.Open("member").Leaf("Key", tag.Key).Leaf("Value", tag.Value).Close("member");
            }

            xml.Close("Tags");
        }
    }

    private IamUser FindUser(AccountState account, string name) =>
        account.Users.TryGetValue(name, out var user) ? user : throw NoSuchUser(name);

    /// <summary>The user a call names, or the calling user when it names none (as IAM resolves it).</summary>
    private IamUser? TargetUser(AwsCall call, bool allowRoot)
    {
        if (call.Param("UserName") is { Length: > 0 } name)
        {
            return FindUser(call.Caller.Account, name);
        }

        return call.Caller.Kind switch
        {
            CallerKind.User => call.Caller.User,
            CallerKind.Root when allowRoot => null,
            CallerKind.Admin => throw Validation("Must specify userName when calling with the emulator's admin credentials (they belong to no IAM user of the scenario)."),
            _ => throw Validation("Must specify userName when calling with non-User credentials"),
        };
    }

    private string ListUsers(AwsCall call)
    {
        var (max, page, position) = Paging(call);
        var prefix = call.Param("PathPrefix") ?? "/";
        var users = call.Caller.Account.Users.Values.Where(u => u.Path.StartsWith(prefix, StringComparison.Ordinal));
        var (slice, next) = PageToken.Slice(users, u => u.Name, StringComparer.OrdinalIgnoreCase, page, position, max);
        return Respond(call, xml =>
        {
            xml.Open("Users");
            foreach (var user in slice)
            {
                xml.Open("member");
                WriteUser(xml, user, withTags: false);
                xml.Close("member");
            }

            xml.Close("Users");
            Truncation(xml, next);
        });
    }

    private string GetUser(AwsCall call)
    {
        var caller = call.Caller;
        if (call.Param("UserName") is not { Length: > 0 } && caller.Kind == CallerKind.Root)
        {
            return Respond(call, xml => xml.Open("User").Leaf("UserId", caller.Account.Id).Leaf("Arn", caller.Account.RootArn).Leaf("CreateDate", caller.Account.CreateDate).Close("User"));
        }

        if (call.Param("UserName") is not { Length: > 0 } && caller.Kind == CallerKind.Admin)
        {
            return Respond(call, xml => xml.Open("User").Leaf("Path", "/").Leaf("UserName", AdminUserName).Leaf("UserId", caller.UserId).Leaf("Arn", caller.Arn).Leaf("CreateDate", caller.Account.CreateDate).Close("User"));
        }

        var user = TargetUser(call, allowRoot: false)!;
        return Respond(call, xml =>
        {
            xml.Open("User");
            WriteUser(xml, user, withTags: true);
            xml.Close("User");
        });
    }

    private string ListAccessKeys(AwsCall call)
    {
        var (max, page, position) = Paging(call);
        var user = TargetUser(call, allowRoot: true);
        var keys = user?.Keys ?? call.Caller.Account.RootKeys;
        var (slice, next) = PageToken.Slice(keys.OrderBy(k => k.AccessKeyId, StringComparer.Ordinal), k => k.AccessKeyId, StringComparer.Ordinal, page, position, max);
        return Respond(call, xml =>
        {
            xml.Open("AccessKeyMetadata");
            foreach (var key in slice)
            {
                xml.Open("member").Leaf("UserName", user?.Name).Leaf("AccessKeyId", key.AccessKeyId).Leaf("Status", key.Status).Leaf("CreateDate", key.CreateDate).Close("member");
            }

            xml.Close("AccessKeyMetadata");
            Truncation(xml, next);
        });
    }

    private AccessKeyRecord FindKeyInAccount(AwsCall call, string keyId)
    {
        if (state.Keys.TryGetValue(keyId, out var key) && key.Account == call.Caller.Account)
        {
            return key;
        }

        throw NoSuchKey(keyId);
    }

    private string GetAccessKeyLastUsed(AwsCall call)
    {
        var keyId = call.Param("AccessKeyId") ?? throw Validation("1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: Member must not be null");
        var key = FindKeyInAccount(call, keyId);
        key.PromotePendingUse(state.Clock.Now);
        return Respond(call, xml =>
        {
            xml.Leaf("UserName", key.User?.Name);
            xml.Open("AccessKeyLastUsed");
            xml.Leaf("LastUsedDate", key.LastUsedDate);
            xml.Leaf("ServiceName", key.LastUsedDate is null ? "N/A" : key.LastUsedService ?? "N/A");
            xml.Leaf("Region", key.LastUsedDate is null ? "N/A" : key.LastUsedRegion ?? "N/A");
            xml.Close("AccessKeyLastUsed");
        });
    }

    private AccessKeyRecord KeyOfTarget(AwsCall call, out IamUser? user)
    {
        var keyId = call.Param("AccessKeyId") ?? throw Validation("1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: Member must not be null");
        user = TargetUser(call, allowRoot: true);
        var keys = user?.Keys ?? call.Caller.Account.RootKeys;
        return keys.FirstOrDefault(k => k.AccessKeyId == keyId) ?? throw NoSuchKey(keyId);
    }

    private string UpdateAccessKey(AwsCall call)
    {
        var status = call.Param("Status");
        if (status != "Active" && status != "Inactive")
        {
            throw Validation($"1 validation error detected: Value '{status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }

        var key = KeyOfTarget(call, out _);
        key.Status = status;
        return Respond(call, null);
    }

    private string DeleteAccessKey(AwsCall call)
    {
        var key = KeyOfTarget(call, out var user);
        (user?.Keys ?? call.Caller.Account.RootKeys).Remove(key);
        state.ForgetKey(key);
        return Respond(call, null);
    }

    private string CreateAccessKey(AwsCall call)
    {
        var user = TargetUser(call, allowRoot: true);
        var keys = user?.Keys ?? call.Caller.Account.RootKeys;
        if (keys.Count >= 2)
        {
            throw new AwsErrorException("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409);
        }

        var name = state.Ids.NextName("created-key");
        var key = new AccessKeyRecord
        {
            AccessKeyId = state.Ids.AccessKeyId(name),
            SecretAccessKey = state.Ids.Secret(name),
            Account = call.Caller.Account,
            User = user,
            Status = "Active",
            CreateDate = Scenario.ScenarioLoader.Whole(state.Clock.Now),
            ValidFromWall = state.Settings.NewKeyPropagation > TimeSpan.Zero ? state.Clock.WallNow + state.Settings.NewKeyPropagation : null,
        };
        keys.Add(key);
        state.IndexKey(key);
        return Respond(call, xml => xml.Open("AccessKey")
            .Leaf("UserName", user?.Name)
            .Leaf("AccessKeyId", key.AccessKeyId)
            .Leaf("Status", key.Status)
            .Leaf("SecretAccessKey", key.SecretAccessKey)
            .Leaf("CreateDate", key.CreateDate)
            .Close("AccessKey"));
    }

    private string ListAccountAliases(AwsCall call)
    {
        var alias = call.Caller.Account.Alias;
        return Respond(call, xml =>
        {
            xml.Open("AccountAliases");
            if (alias is not null)
            {
                xml.Leaf("member", alias);
            }

            xml.Close("AccountAliases");
            xml.Leaf("IsTruncated", false);
        });
    }
}
