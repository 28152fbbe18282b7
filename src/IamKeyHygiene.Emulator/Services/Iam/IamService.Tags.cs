using System.Globalization;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Iam;

public sealed partial class IamService
{
    private IamUser RequiredUser(AwsCall call)
    {
        var name = call.Param("UserName");
        if (string.IsNullOrEmpty(name))
        {
            throw Validation("1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
        }

        return FindUser(call.Caller.Account, name);
    }

    private string ListUserTags(AwsCall call)
    {
        var (max, page, position) = Paging(call);
        var user = RequiredUser(call);
        var indexed = user.Tags.Select((tag, index) => (tag, index));
        var (slice, next) = PageToken.Slice(indexed, t => t.index.ToString("D4", CultureInfo.InvariantCulture), StringComparer.Ordinal, page, position, max);
        return Respond(call, xml =>
        {
            xml.Open("Tags");
            foreach (var (tag, _) in slice)
            {
                xml.Open("member").Leaf("Key", tag.Key).Leaf("Value", tag.Value).Close("member");
            }

            xml.Close("Tags");
            Truncation(xml, next);
        });
    }

    private string TagUser(AwsCall call)
    {
        var user = RequiredUser(call);
        var tags = TagsOf(call);
        if (tags.Count == 0)
        {
            throw Validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }

        var newKeys = tags.Select(t => t.Key).Distinct(StringComparer.OrdinalIgnoreCase)
            .Count(k => !user.Tags.Any(existing => string.Equals(existing.Key, k, StringComparison.OrdinalIgnoreCase)));
        if (user.Tags.Count + newKeys > TagRules.MaxTagsPerUser)
        {
            throw new AwsErrorException("LimitExceeded", $"Cannot exceed quota for TagsPerUser: {TagRules.MaxTagsPerUser}", 409);
        }

        foreach (var tag in tags)
        {
            var index = user.Tags.FindIndex(existing => string.Equals(existing.Key, tag.Key, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                user.Tags[index] = tag;
            }
            else
            {
                user.Tags.Add(tag);
            }
        }

        return Respond(call, null);
    }

    /// <summary>The call's Tags.member.N list, validated as IAM does (TagUser, CreateUser).</summary>
    private static List<KeyValuePair<string, string>> TagsOf(AwsCall call)
    {
        var tags = new List<KeyValuePair<string, string>>();
        for (var i = 1; call.Param($"Tags.member.{i}.Key") is { } key; i++)
        {
            var value = call.Param($"Tags.member.{i}.Value") ?? string.Empty;
            if (TagRules.ValidateKey(key) is { } keyProblem)
            {
                throw Validation($"1 validation error detected: Value '{key}' at 'tags.{i}.member.key' failed to satisfy constraint: {keyProblem}");
            }

            if (TagRules.ValidateValue(value) is { } valueProblem)
            {
                throw Validation($"1 validation error detected: Value '{value}' at 'tags.{i}.member.value' failed to satisfy constraint: {valueProblem}");
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw new AwsErrorException("InvalidInput", "User tags must not begin with the reserved prefix aws:.", 400);
            }

            tags.Add(new(key, value));
        }

        return tags;
    }

    private string UntagUser(AwsCall call)
    {
        var user = RequiredUser(call);
        var removed = 0;
        for (var i = 1; call.Param($"TagKeys.member.{i}") is { } key; i++)
        {
            removed++;
            user.Tags.RemoveAll(tag => string.Equals(tag.Key, key, StringComparison.OrdinalIgnoreCase));
        }

        if (removed == 0)
        {
            throw Validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        }

        return Respond(call, null);
    }
}
