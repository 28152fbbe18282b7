using System.Buffers;
using System.Text;
using System.Text.Json;

namespace IamKeyHygiene.Emulator.Protocol;

/// <summary>Writes awsJson1_1 bodies (timestamps as epoch seconds, as the protocol does).</summary>
public static class JsonOut
{
    public static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Timestamp(Utf8JsonWriter writer, string name, DateTimeOffset time) =>
        writer.WriteNumber(name, Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3));

    public static string Error(AwsErrorException error) => Write(writer =>
    {
        writer.WriteString("__type", error.Code);
        writer.WriteString("Message", error.Message);
        if (error.ExtraJsonMembers is { } extra)
        {
            foreach (var (key, value) in extra)
            {
                writer.WriteString(key, value);
            }
        }
    });
}
