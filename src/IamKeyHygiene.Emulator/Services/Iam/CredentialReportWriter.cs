using System.Text;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Iam;

/// <summary>Writes an account's credential report CSV the way IAM does (22 columns, N/A, not_supported, no_information).</summary>
public static class CredentialReportWriter
{
    public const string Header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    private const string NotApplicable = "N/A";

    /// <summary>A snapshot of the account now (the caller holds the state lock). Rows end with \n except the last.
    /// <paramref name="quoteCommas"/>: quote a user name or ARN holding a comma (RFC 4180), else write it as it is.</summary>
    public static byte[] Write(AccountState account, DateTimeOffset dataNow, bool quoteCommas)
    {
        var builder = new StringBuilder(Header.Length * (account.Users.Count + 2));
        builder.Append(Header);
        builder.Append('\n');
        builder.Append("<root_account>,").Append(account.RootArn).Append(',').Append(Time(account.CreateDate));
        builder.Append(",not_supported,no_information,not_supported,not_supported,").Append(Bool(account.RootMfaActive));
        AppendKeys(builder, account.RootKeys, dataNow);
        builder.Append(",false,N/A,false,N/A");
        foreach (var user in account.Users.Values)
        {
            builder.Append('\n');
            builder.Append(Field(user.Name, quoteCommas)).Append(',').Append(Field(user.Arn, quoteCommas)).Append(',').Append(Time(user.CreateDate)).Append(',');
            if (user.PasswordEnabled)
            {
                builder.Append("true,no_information,").Append(Time(user.CreateDate)).Append(",N/A,");
            }
            else
            {
                builder.Append("false,N/A,N/A,N/A,");
            }

            builder.Append("false");
            AppendKeys(builder, user.Keys, dataNow);
            builder.Append(",false,N/A,false,N/A");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void AppendKeys(StringBuilder builder, List<AccessKeyRecord> keys, DateTimeOffset dataNow)
    {
        for (var slot = 0; slot < 2; slot++)
        {
            if (slot >= keys.Count)
            {
                builder.Append(",false,N/A,N/A,N/A,N/A");
                continue;
            }

            var key = keys[slot];
            key.PromotePendingUse(dataNow);
            builder.Append(',').Append(Bool(key.IsActive)).Append(',').Append(Time(key.CreateDate));
            if (key.LastUsedDate is { } used)
            {
                builder.Append(',').Append(Time(used)).Append(',').Append(key.LastUsedRegion ?? NotApplicable).Append(',').Append(key.LastUsedService ?? NotApplicable);
            }
            else
            {
                builder.Append(",N/A,N/A,N/A");
            }
        }
    }

    /// <summary>A free-text field: quoted when asked and needed (a comma or a quote in it), quotes doubled.</summary>
    private static string Field(string value, bool quoteCommas)
        => quoteCommas && (value.Contains(',') || value.Contains('"')) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>yyyy-MM-ddTHH:mm:ss+00:00 in UTC, written digit by digit (a report holds a few of these per user, and
    /// a scan benchmark asks for thousands of reports).</summary>
    public static string Time(DateTimeOffset time) => string.Create(25, time.UtcDateTime, static (text, utc) =>
    {
        Digits(text[..4], utc.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), utc.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), utc.Day);
        text[10] = 'T';
        Digits(text.Slice(11, 2), utc.Hour);
        text[13] = ':';
        Digits(text.Slice(14, 2), utc.Minute);
        text[16] = ':';
        Digits(text.Slice(17, 2), utc.Second);
        "+00:00".AsSpan().CopyTo(text[19..]);
    });

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--, value /= 10)
        {
            into[i] = (char)('0' + value % 10);
        }
    }
}
