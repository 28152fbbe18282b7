using System.Globalization;
using System.Text;

namespace IamKeyHygiene.Emulator.Protocol;

/// <summary>Writes awsQuery XML responses in the layout AWS uses (&lt;OpResponse&gt;&lt;OpResult&gt;…&lt;ResponseMetadata&gt;).</summary>
public sealed class XmlOut
{
    private readonly StringBuilder builder = new(512);
    private int depth;

    public XmlOut Open(string name)
    {
        Indent();
        builder.Append('<').Append(name).Append(">\n");
        depth++;
        return this;
    }

    public XmlOut Close(string name)
    {
        depth--;
        Indent();
        builder.Append("</").Append(name).Append(">\n");
        return this;
    }

    public XmlOut Leaf(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        Indent();
        builder.Append('<').Append(name).Append('>').Append(Escape(value)).Append("</").Append(name).Append(">\n");
        return this;
    }

    public XmlOut Leaf(string name, DateTimeOffset? value) => value is { } time ? Leaf(name, FormatTime(time)) : this;

    public XmlOut Leaf(string name, bool value) => Leaf(name, value ? "true" : "false");

    public XmlOut Leaf(string name, int value) => Leaf(name, value.ToString(CultureInfo.InvariantCulture));

    public static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("<>&\"'") < 0)
        {
            return value;
        }

        return value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&apos;");
    }

    private void Indent() => builder.Append(' ', depth * 2);

    public static string Response(string operation, string xmlNamespace, string requestId, Action<XmlOut>? result)
    {
        var xml = new XmlOut();
        xml.builder.Append('<').Append(operation).Append("Response xmlns=\"").Append(xmlNamespace).Append("\">\n");
        xml.depth = 1;
        if (result is not null)
        {
            xml.Open(operation + "Result");
            result(xml);
            xml.Close(operation + "Result");
        }

        xml.Open("ResponseMetadata").Leaf("RequestId", requestId).Close("ResponseMetadata");
        xml.builder.Append("</").Append(operation).Append("Response>\n");
        return xml.builder.ToString();
    }

    public static string Error(string xmlNamespace, string requestId, AwsErrorException error)
    {
        var xml = new XmlOut();
        xml.builder.Append("<ErrorResponse xmlns=\"").Append(xmlNamespace).Append("\">\n");
        xml.depth = 1;
        xml.Open("Error").Leaf("Type", error.SenderFault ? "Sender" : "Receiver").Leaf("Code", error.Code).Leaf("Message", error.Message).Close("Error");
        xml.Leaf("RequestId", requestId);
        xml.builder.Append("</ErrorResponse>\n");
        return xml.builder.ToString();
    }
}
