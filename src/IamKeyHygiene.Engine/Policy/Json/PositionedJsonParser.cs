using System;
using System.Collections.Generic;
using System.Text.Json;

namespace IamKeyHygiene.Engine.Policy.Json
{
    /// <summary>
    /// Reads JSON with System.Text.Json's reader (comments allowed, trailing commas not) into
    /// <see cref="PositionedJson"/>, mapping every token's byte offset to its line.
    /// </summary>
    internal static class PositionedJsonParser
    {
        private const int MaxDepth = 64;

        public static PositionedJson Parse(byte[] utf8, string source)
        {
            var start = HasBom(utf8) ? 3 : 0;
            var body = new ReadOnlySpan<byte>(utf8, start, utf8.Length - start);
            var lineStarts = LineStarts(body);
            var reader = new Utf8JsonReader(body, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = false,
                MaxDepth = MaxDepth,
            });
            try
            {
                if (!reader.Read())
                    throw new PolicyValidationException(source, 1, "", "the file is empty; expected JSON.");
                var root = ReadValue(ref reader, lineStarts, source, "");
                if (reader.Read())
                    throw new PolicyValidationException(source, LineOf(lineStarts, reader.TokenStartIndex), "",
                        "unexpected content after the JSON value.");
                return root;
            }
            catch (JsonException e)
            {
                // The reader's LineNumber is 0-based; people count from 1.
                var line = e.LineNumber.HasValue ? (int)e.LineNumber.Value + 1 : (int?)null;
                throw new PolicyValidationException(source, line, "", "malformed JSON: " + FirstSentence(e.Message));
            }
        }

        private static PositionedJson ReadValue(ref Utf8JsonReader reader, List<long> lineStarts, string source, string path)
        {
            var line = LineOf(lineStarts, reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                {
                    var node = new PositionedJson(JsonKind.Object, line);
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var name = reader.GetString() ?? "";
                        var nameLine = LineOf(lineStarts, reader.TokenStartIndex);
                        var childPath = path.Length == 0 ? name : path + "." + name;
                        if (!seen.Add(name))
                            throw new PolicyValidationException(source, nameLine, childPath, "the field appears twice.");
                        reader.Read();
                        node.Properties.Add(new PositionedProperty(name, nameLine, ReadValue(ref reader, lineStarts, source, childPath)));
                    }
                    return node;
                }
                case JsonTokenType.StartArray:
                {
                    var node = new PositionedJson(JsonKind.Array, line);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        node.Items.Add(ReadValue(ref reader, lineStarts, source, $"{path}[{node.Items.Count}]"));
                    return node;
                }
                case JsonTokenType.String:
                    return new PositionedJson(JsonKind.String, line) { Text = reader.GetString() };
                case JsonTokenType.Number:
                    return new PositionedJson(JsonKind.Number, line)
                    {
                        Text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray()),
                    };
                case JsonTokenType.True:
                case JsonTokenType.False:
                    return new PositionedJson(JsonKind.Boolean, line) { Boolean = reader.TokenType == JsonTokenType.True };
                default:
                    return new PositionedJson(JsonKind.Null, line);
            }
        }

        private static bool HasBom(byte[] b) => b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF;

        private static List<long> LineStarts(ReadOnlySpan<byte> body)
        {
            var starts = new List<long> { 0 };
            for (var i = 0; i < body.Length; i++)
                if (body[i] == (byte)'\n') starts.Add(i + 1);
            return starts;
        }

        private static int LineOf(List<long> lineStarts, long offset)
        {
            var index = lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        private static string FirstSentence(string message)
        {
            // System.Text.Json appends "LineNumber: n | BytePositionInLine: m." which we already report.
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return (cut > 0 ? message.Substring(0, cut) : message).Trim();
        }
    }
}
