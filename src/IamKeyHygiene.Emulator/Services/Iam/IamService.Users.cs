using System.Text.RegularExpressions;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Iam;

/// <summary>CreateUser and DeleteUser, with IAM's checks (API reference: CreateUser, DeleteUser).</summary>
public sealed partial class IamService
{
    private const string PathPattern = @"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)";

    [GeneratedRegex(@"^(/|/[\u0021-\u007E]+/)$")]
    private static partial Regex UserPath();

    private string CreateUser(AwsCall call)
    {
        var name = call.Param("UserName");
        if (string.IsNullOrEmpty(name))
        {
            throw Validation("1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
        }

        if (!TagRules.IsValidUserName(name))
        {
            throw Validation($"1 validation error detected: Value '{name}' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }

        var path = call.Param("Path") ?? "/";
        if (path.Length > 512 || !UserPath().IsMatch(path))
        {
            throw Validation($"1 validation error detected: Value '{path}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: {PathPattern}");
        }

        var tags = TagsOf(call);
        if (tags.Count > TagRules.MaxTagsPerUser)
        {
            throw new AwsErrorException("LimitExceeded", $"Cannot exceed quota for TagsPerUser: {TagRules.MaxTagsPerUser}", 409);
        }

        var account = call.Caller.Account;
        if (account.Users.ContainsKey(name))
        {
            throw new AwsErrorException("EntityAlreadyExists", $"User with name {name} already exists.", 409);
        }

        var user = new IamUser
        {
            Name = name,
            Path = path,
            UserId = state.Ids.UserId(state.Ids.NextName("created-user")),
            CreateDate = Scenario.ScenarioLoader.Whole(state.Clock.Now),
            Account = account,
        };
        user.Tags.AddRange(tags);
        account.Users.Add(name, user);
        return Respond(call, xml =>
        {
            xml.Open("User");
            WriteUser(xml, user, withTags: true);
            xml.Close("User");
        });
    }

    /// <summary>As IAM does, refuses a user that still has access keys or a password (DeleteConflict).</summary>
    private string DeleteUser(AwsCall call)
    {
        var user = RequiredUser(call);
        if (user.Keys.Count > 0)
        {
            throw new AwsErrorException("DeleteConflict", "Cannot delete entity, must delete access keys first.", 409);
        }

        if (user.PasswordEnabled)
        {
            throw new AwsErrorException("DeleteConflict", "Cannot delete entity, must delete login profile first.", 409);
        }

        call.Caller.Account.Users.Remove(user.Name);
        return Respond(call, null);
    }
}
