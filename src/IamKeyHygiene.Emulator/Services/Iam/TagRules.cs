using System.Text.RegularExpressions;

namespace IamKeyHygiene.Emulator.Services.Iam;

/// <summary>IAM's rules for tags and user names (from the IAM model: tagKeyType, tagValueType, userNameType).</summary>
public static partial class TagRules
{
    public const int MaxTagsPerUser = 50;
    public const string ValuePattern = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]*";
    public const string KeyPattern = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+";

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex AllowedCharacters();

    [GeneratedRegex(@"^[\w+=,.@-]{1,64}$")]
    private static partial Regex UserName();

    public static bool IsValidUserName(string name) => UserName().IsMatch(name);

    /// <summary>Null when the tag is valid, else what is wrong (in the words of AWS's validation message).</summary>
    public static string? Validate(string key, string value)
    {
        if (key.Length < 1)
        {
            return "Member must have length greater than or equal to 1";
        }

        if (key.Length > 128)
        {
            return "Member must have length less than or equal to 128";
        }

        if (!AllowedCharacters().IsMatch(key))
        {
            return "Member must satisfy regular expression pattern: " + KeyPattern;
        }

        if (value.Length > 256)
        {
            return "Member must have length less than or equal to 256";
        }

        if (!AllowedCharacters().IsMatch(value))
        {
            return "Member must satisfy regular expression pattern: " + ValuePattern;
        }

        return null;
    }

    public static string? ValidateKey(string key) => Validate(key, string.Empty);

    public static string? ValidateValue(string value)
    {
        if (value.Length > 256)
        {
            return "Member must have length less than or equal to 256";
        }

        return AllowedCharacters().IsMatch(value) ? null : "Member must satisfy regular expression pattern: " + ValuePattern;
    }
}
