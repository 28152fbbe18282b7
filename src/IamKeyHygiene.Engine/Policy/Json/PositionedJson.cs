using System.Collections.Generic;
using System.Globalization;

namespace IamKeyHygiene.Engine.Policy.Json
{
    internal enum JsonKind { Object, Array, String, Number, Boolean, Null }

    /// <summary>
    /// A JSON value that remembers the 1-based line it started on, so a semantic error (a threshold out of
    /// order, an unknown field) can name the line, not only a syntax error.
    /// </summary>
    internal sealed class PositionedJson
    {
        public PositionedJson(JsonKind kind, int line) { Kind = kind; Line = line; }

        public JsonKind Kind { get; }
        public int Line { get; }

        /// <summary>String value, or the raw number text.</summary>
        public string? Text { get; set; }
        public bool Boolean { get; set; }
        public List<PositionedProperty> Properties { get; } = new List<PositionedProperty>();
        public List<PositionedJson> Items { get; } = new List<PositionedJson>();

        public static string KindName(JsonKind kind) => kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => "a string",
            JsonKind.Number => "a number",
            JsonKind.Boolean => "true or false",
            _ => "null",
        };

        /// <summary>The value as short text for error messages.</summary>
        public string Describe() => Kind switch
        {
            JsonKind.String => "\"" + Text + "\"",
            JsonKind.Number => Text ?? "",
            JsonKind.Boolean => Boolean ? "true" : "false",
            _ => KindName(Kind),
        };

        public bool TryGetInt32(out int value)
            => int.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    internal sealed class PositionedProperty
    {
        public PositionedProperty(string name, int line, PositionedJson value) { Name = name; Line = line; Value = value; }
        public string Name { get; }
        public int Line { get; }
        public PositionedJson Value { get; }
    }
}
