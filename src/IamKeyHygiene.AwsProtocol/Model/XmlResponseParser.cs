using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>awsQuery XML responses: the output shape read from the operation's result wrapper element
    /// (e.g. ListUsersResponse/ListUsersResult), namespaces ignored, into the JSON value form the clients read
    /// (<see cref="ShapeValues"/>'s form, except that a blob element's value is its bytes, not their base64 text).
    /// Successful answers are read in one forward pass (no document tree: every call of a scan comes through
    /// here); errors, rare and small, are read as a document by <see cref="ServiceError"/>.</summary>
    internal static class XmlResponseParser
    {
        private static readonly XmlReaderSettings ReaderSettings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null,
        };

        /// <summary>The output and the request id AWS puts in ResponseMetadata (the first RequestId element in
        /// document order). Malformed XML throws <see cref="XmlException"/>, anywhere in the body.</summary>
        public static JsonObject Parse(byte[] body, Shape? output, string? resultWrapper, out string? requestId)
        {
            // awsQuery always wraps the output in <Operation>Result inside <Operation>Response; a model without
            // a resultWrapper still gets the result element when there is one.
            var wrapper = resultWrapper ?? (output == null ? null : DefaultResultWrapper(body));
            using (var reader = new Reader(XmlReader.Create(new MemoryStream(body, false), ReaderSettings)))
            {
                if (reader.Xml.MoveToContent() != XmlNodeType.Element)
                {
                    throw new FormatException("The XML response has no root element.");
                }

                JsonObject? result = null;
                if (output != null && wrapper == null)
                {
                    result = reader.ParseStructure(output);
                }
                else
                {
                    reader.ForEachChild(() =>
                    {
                        if (result == null && output != null && reader.Xml.LocalName == wrapper)
                        {
                            result = reader.ParseStructure(output);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    });
                }

                while (reader.Xml.Read())
                {
                    // Read to the end, so a malformed tail fails as a whole-document parse would.
                }

                requestId = reader.RequestId;
                return result ?? new JsonObject();
            }
        }

        /// <summary>&lt;Operation&gt;Result when the root is &lt;Operation&gt;Response and has such a child; else null.
        /// Only for models without a resultWrapper, so a second, shallow pass is no cost on the usual path.</summary>
        private static string? DefaultResultWrapper(byte[] body)
        {
            using (var reader = XmlReader.Create(new MemoryStream(body, false), ReaderSettings))
            {
                if (reader.MoveToContent() != XmlNodeType.Element) return null;
                var name = reader.LocalName;
                if (!name.EndsWith("Response", StringComparison.Ordinal) || reader.IsEmptyElement) return null;
                var wrapper = name.Substring(0, name.Length - "Response".Length) + "Result";
                var depth = reader.Depth;
                reader.Read();
                while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                {
                    if (reader.NodeType == XmlNodeType.Element)
                    {
                        if (reader.LocalName == wrapper) return wrapper;
                        reader.Skip();
                    }
                    else
                    {
                        reader.Read();
                    }
                }

                return null;
            }
        }

        /// <summary>The request id AWS puts in ResponseMetadata (or at the top of an error).</summary>
        public static string? RequestId(XDocument document) =>
            document.Descendants().FirstOrDefault(e => IsRequestId(e.Name.LocalName))?.Value;

        private static bool IsRequestId(string localName) => localName == "RequestId" || localName == "RequestID";

        internal static JsonNode ParseScalar(string text, Shape shape)
        {
            switch (shape.Kind)
            {
                case ShapeKind.Boolean:
                    return JsonValue.Create(string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase));
                case ShapeKind.Integer:
                case ShapeKind.Long:
                    return JsonValue.Create(long.Parse(text.Trim(), CultureInfo.InvariantCulture));
                case ShapeKind.Float:
                case ShapeKind.Double:
                    return ShapeValues.ParseFloating(text.Trim());
                case ShapeKind.Timestamp:
                    return JsonValue.Create(Timestamps.ToCanonical(Timestamps.Parse(text)))!;
                case ShapeKind.Blob:
                    // Base64 as sent, minus any line breaks a service wraps it with.
                    return JsonValue.Create(WithoutWhitespace(text))!;
                default:
                    return JsonValue.Create(text)!;
            }
        }

        private static string WithoutWhitespace(string text)
        {
            var i = 0;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            if (i == text.Length) return text;
            var kept = new StringBuilder(text.Length);
            kept.Append(text, 0, i);
            for (; i < text.Length; i++)
            {
                if (!char.IsWhiteSpace(text[i])) kept.Append(text[i]);
            }

            return kept.ToString();
        }

        /// <summary>A forward-only reader positioned on an element, reading it by its shape; it notes the first
        /// RequestId element it passes, as the request id.</summary>
        private sealed class Reader : IDisposable
        {
            public Reader(XmlReader xml)
            {
                Xml = xml;
            }

            public XmlReader Xml { get; }

            public string? RequestId { get; private set; }

            public void Dispose() => Xml.Dispose();

            /// <summary>Calls <paramref name="onChild"/> on each child element of the current element (which must
            /// consume that child) and <paramref name="onOther"/> on its other nodes, then moves past the current
            /// element's end.</summary>
            public void ForEachChild(Action onChild, Action? onOther = null)
            {
                if (Xml.IsEmptyElement)
                {
                    Xml.Read();
                    return;
                }

                var depth = Xml.Depth;
                Xml.Read();
                while (!(Xml.NodeType == XmlNodeType.EndElement && Xml.Depth == depth))
                {
                    if (Xml.NodeType == XmlNodeType.Element)
                    {
                        onChild();
                    }
                    else
                    {
                        onOther?.Invoke();
                        Xml.Read();
                    }
                }

                Xml.Read();
            }

            /// <summary>Moves past the current element, noting a RequestId inside it.</summary>
            public void Skip()
            {
                if (RequestId != null)
                {
                    Xml.Skip();
                }
                else if (IsRequestId(Xml.LocalName))
                {
                    RequestId = Text();
                }
                else
                {
                    ForEachChild(Skip);
                }
            }

            /// <summary>The element's text, as XElement.Value gives it: every text node inside it, joined.</summary>
            public string Text()
            {
                string? first = null;
                StringBuilder? more = null;
                void Add(string part)
                {
                    if (first == null) first = part;
                    else if (part.Length > 0) (more ??= new StringBuilder(first)).Append(part);
                }

                ForEachChild(() => Add(Text()), () =>
                {
                    switch (Xml.NodeType)
                    {
                        case XmlNodeType.Text:
                        case XmlNodeType.CDATA:
                        case XmlNodeType.Whitespace:
                        case XmlNodeType.SignificantWhitespace:
                            Add(Xml.Value);
                            break;
                    }
                });
                return more?.ToString() ?? first ?? "";
            }

            /// <summary>A blob element's bytes, Base64-decoded as the reader goes (line breaks a service wraps the text
            /// with are skipped): a credential report is tens of kilobytes on every account, and reading it as one string
            /// first cost several copies of it. Text that is not Base64 throws <see cref="XmlException"/>.</summary>
            private JsonNode ReadBlob()
            {
                if (Xml.IsEmptyElement)
                {
                    Xml.Read();
                    return JsonValue.Create(Array.Empty<byte>())!;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                try
                {
                    var length = 0;
                    int read;
                    while ((read = Xml.ReadElementContentAsBase64(buffer, length, buffer.Length - length)) > 0)
                    {
                        length += read;
                        if (length == buffer.Length)
                        {
                            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                            Buffer.BlockCopy(buffer, 0, larger, 0, length);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }
                    }

                    var bytes = new byte[length];
                    Buffer.BlockCopy(buffer, 0, bytes, 0, length);
                    return JsonValue.Create(bytes)!;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            private JsonNode ParseValue(ShapeRef reference)
            {
                var shape = reference.Shape;
                switch (shape.Kind)
                {
                    case ShapeKind.Structure:
                        return ParseStructure(shape);
                    case ShapeKind.List:
                        var itemName = shape.Member!.LocationName ?? "member";
                        var list = new JsonArray();
                        ForEachChild(() =>
                        {
                            if (Xml.LocalName == itemName) list.Add(ParseValue(shape.Member));
                            else Skip();
                        });
                        return list;
                    case ShapeKind.Map:
                        var map = new JsonObject();
                        ForEachChild(() =>
                        {
                            if (Xml.LocalName == "entry") ParseEntry(map, shape);
                            else Skip();
                        });
                        return map;
                    case ShapeKind.Blob:
                        return ReadBlob();
                    default:
                        var text = Text();
                        return ParseScalar(text, shape);
                }
            }

            /// <summary>One map entry: its first key and first value elements (a missing key reads as "").</summary>
            private void ParseEntry(JsonObject map, Shape shape)
            {
                var keyName = shape.Key!.LocationName ?? "key";
                var valueName = shape.Value!.LocationName ?? "value";
                string? key = null;
                JsonNode? value = null;
                var hasValue = false;
                ForEachChild(() =>
                {
                    if (key == null && Xml.LocalName == keyName)
                    {
                        key = Text();
                    }
                    else if (!hasValue && Xml.LocalName == valueName)
                    {
                        value = ParseValue(shape.Value);
                        hasValue = true;
                    }
                    else
                    {
                        Skip();
                    }
                });
                map[key ?? ""] = value;
            }

            /// <summary>The members of <paramref name="shape"/> found on the current element, in model order:
            /// attributes, the first element of each member's name, and every item of a flattened list or map.</summary>
            public JsonObject ParseStructure(Shape shape)
            {
                var names = shape.MemberNames;
                var members = new ShapeRef[names.Count];
                var values = new JsonNode?[names.Count];
                for (var i = 0; i < names.Count; i++)
                {
                    members[i] = shape.GetMember(names[i]);
                    if (members[i].XmlAttribute)
                    {
                        var attribute = Attribute(members[i].LocationName ?? names[i]);
                        if (attribute != null) values[i] = ParseScalar(attribute, members[i].Shape);
                    }
                }

                ForEachChild(() =>
                {
                    var name = Xml.LocalName;
                    for (var i = 0; i < members.Length; i++)
                    {
                        var member = members[i];
                        if (member.XmlAttribute || (member.LocationName ?? names[i]) != name) continue;
                        if (member.IsFlattened && member.Shape.Kind == ShapeKind.List)
                        {
                            var items = (JsonArray)(values[i] ??= new JsonArray());
                            items.Add(ParseValue(member.Shape.Member!));
                            return;
                        }

                        if (member.IsFlattened && member.Shape.Kind == ShapeKind.Map)
                        {
                            ParseEntry((JsonObject)(values[i] ??= new JsonObject()), member.Shape);
                            return;
                        }

                        if (values[i] != null) break;   // only the first element of a member's name counts
                        if (RequestId == null && IsRequestId(name) && IsScalar(member.Shape))
                        {
                            var text = Text();
                            RequestId = text;
                            values[i] = ParseScalar(text, member.Shape);
                        }
                        else
                        {
                            values[i] = ParseValue(member);
                        }

                        return;
                    }

                    Skip();
                });

                var result = new JsonObject();
                for (var i = 0; i < names.Count; i++)
                {
                    if (values[i] != null) result[names[i]] = values[i];
                }

                return result;
            }

            private static bool IsScalar(Shape shape) =>
                shape.Kind != ShapeKind.Structure && shape.Kind != ShapeKind.List && shape.Kind != ShapeKind.Map;

            private string? Attribute(string localName)
            {
                string? value = null;
                if (Xml.MoveToFirstAttribute())
                {
                    do
                    {
                        if (Xml.LocalName == localName)
                        {
                            value = Xml.Value;
                            break;
                        }
                    }
                    while (Xml.MoveToNextAttribute());

                    Xml.MoveToElement();
                }

                return value;
            }
        }
    }
}
