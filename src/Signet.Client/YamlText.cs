using Signet.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Signet.Client;

/// <summary>
/// Loads the YAML of a configuration or policy file (YAML 1.1 through YamlDotNet's representation model) within a size
/// limit: text over the limit is refused before it is parsed, and a syntax error is a <see cref="SignetFormatException"/>
/// that names the file and the line and column. Every YAML file Signet's libraries read is loaded here; what the
/// documents must hold is each reader's own rule.
/// </summary>
public static class YamlText
{
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
}
