using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Signet.Admission.Manifests;

/// <summary>Scalars for hand-written YAML: a JSON string (a valid YAML 1.2 double-quoted scalar) or a literal block.</summary>
internal static class YamlText
{
    private static readonly JsonWriterOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A double-quoted scalar (YAML 1.2 §7.3.1: JSON's escapes are YAML's).</summary>
    public static string Quote(string value)
    {
        // A JSON string written directly (no reflection serializer: the CLI that embeds this is published Native AOT).
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Quoting))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// <paramref name="value"/> after <c>key:</c>, as a literal block (YAML 1.2 §8.1.2) indented by
    /// <paramref name="indent"/> spaces when it reads back exactly (printable text, no trailing blanks, first line not
    /// indented), else as a quoted scalar.
    /// </summary>
    public static string Block(string value, int indent)
    {
        var lines = value.Split('\n');
        var literal = value.Length > 0 && !char.IsWhiteSpace(value[0])
            && lines.All(l => !l.EndsWith(' ') && !l.EndsWith('\t') && l.All(c => c == '\t' || !char.IsControl(c)));
        if (!literal)
        {
            return " " + Quote(value);
        }

        // Chomping (§8.1.1.2): "-" strip the final break, "" keep one, "+" keep them all. The caller writes the last break.
        var trailing = value.Length - value.TrimEnd('\n').Length;
        var header = trailing == 0 ? " |-" : trailing == 1 ? " |" : " |+";
        var pad = new string(' ', indent);
        var body = value.TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? "" : pad + l);
        return header + "\n" + string.Join('\n', body) + new string('\n', Math.Max(0, trailing - 1));
    }
}
