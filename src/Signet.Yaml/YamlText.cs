using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Signet.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Signet.Yaml;

/// <summary>
/// YAML text in and out. <see cref="Load"/> reads a configuration or policy file (YAML 1.1 through YamlDotNet's
/// representation model) within a size limit: text over the limit is refused before it is parsed, and a syntax error is
/// a <see cref="SignetFormatException"/> that names the file and the line and column. Every YAML file Signet's libraries
/// read is loaded here; what the documents must hold is each reader's own rule. <see cref="Quote"/> and
/// <see cref="Block"/> write the scalars of hand-written YAML (the admission webhook's manifests).
/// </summary>
public static class YamlText
{
    private static readonly JsonWriterOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The documents of <paramref name="yaml"/> (none for empty text).</summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="what">What the text is, for errors (a file name, "monitor config").</param>
    /// <param name="maxChars">The longest text accepted, in characters.</param>
    /// <exception cref="SignetFormatException">The text is too long or not valid YAML.</exception>
    public static YamlStream Load(string yaml, string what, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > maxChars)
        {
            throw new SignetFormatException($"{what}: {yaml.Length} characters, at most {maxChars}");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new SignetFormatException($"{what}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, not YamlException, for some broken streams (found by fuzz/ harnesses; the
            // inputs are in fuzz/regressions).
            throw new SignetFormatException($"{what}: not valid YAML: {e.Message}", e);
        }

        return stream;
    }

    /// <summary>A double-quoted scalar (YAML 1.2 §7.3.1: JSON's escapes are YAML's).</summary>
    /// <param name="value">The scalar's value.</param>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

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
    /// indented), else as a quoted scalar. The caller writes the line break after it.
    /// </summary>
    /// <param name="value">The scalar's value.</param>
    /// <param name="indent">The block's indentation, in spaces (deeper than its key's).</param>
    public static string Block(string value, int indent)
    {
        ArgumentNullException.ThrowIfNull(value);
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
