using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Policy.Json
{
    /// <summary>
    /// Typed, strict access to one JSON object of a file users keep in git: every field read is marked,
    /// <see cref="RejectUnknown"/> then fails on whatever was not, and every error names file, line and path.
    /// </summary>
    internal sealed class JsonFieldReader
    {
        private readonly PositionedJson _node;
        private readonly HashSet<string> _consumed = new HashSet<string>(StringComparer.Ordinal);

        public JsonFieldReader(PositionedJson node, string path, string source)
        {
            Path = path;
            Source = source;
            if (node.Kind != JsonKind.Object)
                throw new PolicyValidationException(source, node.Line, path,
                    $"expected an object, found {PositionedJson.KindName(node.Kind)}.");
            _node = node;
        }

        public string Path { get; }
        public string Source { get; }
        public int Line => _node.Line;

        public string FieldPath(string name) => Path.Length == 0 ? name : Path + "." + name;

        public bool Has(string name) => Find(name) != null;

        /// <summary>The line of a field, or of the object when the field is absent.</summary>
        public int LineOf(string name) => Find(name)?.Line ?? _node.Line;

        public PolicyValidationException Error(string name, string problem)
            => new PolicyValidationException(Source, LineOf(name), FieldPath(name), problem);

        public int? Int(string name)
        {
            var value = Take(name);
            if (value is null) return null;
            if (value.Kind != JsonKind.Number || !value.TryGetInt32(out var number))
                throw Error(name, $"expected a whole number, found {value.Describe()}.");
            return number;
        }

        public bool? Bool(string name)
        {
            var value = Take(name);
            if (value is null) return null;
            if (value.Kind != JsonKind.Boolean)
                throw Error(name, $"expected true or false, found {value.Describe()}.");
            return value.Boolean;
        }

        /// <summary>A string field; blank strings are an error (a field that is present must say something).</summary>
        public string? String(string name)
        {
            var value = Take(name);
            if (value is null) return null;
            if (value.Kind != JsonKind.String)
                throw Error(name, $"expected a string, found {value.Describe()}.");
            if (string.IsNullOrWhiteSpace(value.Text))
                throw Error(name, "must not be empty.");
            return value.Text!.Trim();
        }

        public string RequiredString(string name)
            => String(name) ?? throw Error(name, "is required.");

        public List<string>? StringList(string name)
        {
            var value = Take(name);
            if (value is null) return null;
            if (value.Kind != JsonKind.Array)
                throw Error(name, $"expected an array of strings, found {value.Describe()}.");
            var result = new List<string>();
            for (var i = 0; i < value.Items.Count; i++)
            {
                var item = value.Items[i];
                if (item.Kind != JsonKind.String || string.IsNullOrWhiteSpace(item.Text))
                    throw new PolicyValidationException(Source, item.Line, $"{FieldPath(name)}[{i}]",
                        $"expected a non-empty string, found {item.Describe()}.");
                result.Add(item.Text!.Trim());
            }
            return result;
        }

        public JsonFieldReader? Object(string name)
        {
            var value = Take(name);
            return value is null ? null : new JsonFieldReader(value, FieldPath(name), Source);
        }

        public PositionedJson? Array(string name)
        {
            var value = Take(name);
            if (value is null) return null;
            if (value.Kind != JsonKind.Array)
                throw Error(name, $"expected an array, found {value.Describe()}.");
            return value;
        }

        /// <summary>Fails on the first field nobody asked for, suggesting the right spelling when only the case differs.</summary>
        public void RejectUnknown(IEnumerable<string>? ignored = null)
        {
            var ignore = new HashSet<string>(ignored ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            foreach (var property in _node.Properties)
            {
                if (_consumed.Contains(property.Name) || ignore.Contains(property.Name)) continue;
                var hint = _consumed.Concat(ignore)
                    .FirstOrDefault(known => string.Equals(known, property.Name, StringComparison.OrdinalIgnoreCase));
                throw new PolicyValidationException(Source, property.Line, FieldPath(property.Name),
                    hint is null ? "unknown field." : $"unknown field; did you mean '{hint}'?");
            }
        }

        /// <summary>Marks known names as consumed without reading them (so RejectUnknown can suggest them).</summary>
        public void Know(params string[] names)
        {
            foreach (var name in names) _consumed.Add(name);
        }

        private PositionedProperty? Find(string name)
            => _node.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

        private PositionedJson? Take(string name)
        {
            _consumed.Add(name);
            var property = Find(name);
            if (property is null || property.Value.Kind == JsonKind.Null) return null;
            return property.Value;
        }
    }
}
