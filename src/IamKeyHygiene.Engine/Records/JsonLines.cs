using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// The records' one line format (audit log and run history): one JSON object per line, camelCase names in the
    /// class's order, every time ISO-8601 UTC ("2026-11-30T19:29:33.0000000Z"), no null members, no line breaks
    /// inside (JSON escapes them).
    /// </summary>
    internal static class JsonLines
    {
        private static readonly JsonSerializerOptions Options = CreateOptions();

        /// <summary>The record's line, newline included, as UTF-8.</summary>
        public static byte[] ToUtf8Line<T>(T record)
            where T : class
        {
            if (record == null) throw new ArgumentNullException(nameof(record));
            return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Options) + "\n");
        }

        /// <summary>The record a line holds, or null when the line is not one (a line torn by a killed writer).</summary>
        public static T? TryParse<T>(string line)
            where T : class
        {
            if (string.IsNullOrWhiteSpace(line))
                return null;
            try
            {
                return JsonSerializer.Deserialize<T>(line, Options);
            }
            catch (Exception exception) when (exception is JsonException || exception is FormatException)
            {
                return null;
            }
        }

        /// <summary>The records of a JSON-lines text, in order. A line that is not a record (torn by a killed writer, or
        /// failing <paramref name="isWhole"/>) and the text after the last newline (a line still being written) are
        /// skipped, each with a warning naming the <paramref name="what"/> (e.g. "Audit log"), source and line.</summary>
        public static IEnumerable<T> ReadLines<T>(string text, string what, string source, IEngineLog log, Func<T, bool>? isWhole = null)
            where T : class
        {
            var lines = text.Split('\n');
            for (var index = 0; index < lines.Length; index++)
            {
                var line = lines[index].TrimEnd('\r');
                if (line.Length == 0)
                    continue;
                var record = index == lines.Length - 1 ? null : TryParse<T>(line);
                if (record == null || (isWhole != null && !isWhole(record)))
                {
                    log.Warning($"{what} '{source}' line {index + 1} is not a whole record (a writer was stopped mid-line); it is skipped.");
                    continue;
                }

                yield return record;
            }
        }

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                // Dictionary keys (stage and outcome names) stay as written.
                DictionaryKeyPolicy = null,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            };
            options.Converters.Add(new UtcTimeConverter());
            return options;
        }

        /// <summary>Writes every time in UTC with a "Z"; reads any ISO-8601 time.</summary>
        private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
        {
            public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
                => DateTimeOffset.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();

            public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
                => writer.WriteStringValue(value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        }
    }
}
