using Signet.Core;
using Signet.Core.Notes;
using Signet.Yaml;
using YamlDotNet.RepresentationModel;

namespace Signet.Witness;

/// <summary>
/// A log list in transparency-dev/witness's format (omniwitness <c>logs.yaml</c>): a mapping with <c>Logs</c>, a
/// sequence of <c>{Origin, URL, PublicKey, PublicKeyType, Feeder}</c>. <c>PublicKey</c> is a signed-note verifier key;
/// <c>PublicKeyType: ecdsa</c> marks a type-0x02 key and must agree with it. <c>Feeder</c> (how omniwitness fetches
/// checkpoints) is read and not used: logs push to Signet's witness.
/// </summary>
public static class WitnessLogList
{
    /// <summary>The largest list accepted, in characters (the CLI reads at most as many bytes).</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly HashSet<string> LogKeys = new(StringComparer.Ordinal) { "Origin", "URL", "PublicKey", "PublicKeyType", "Feeder" };

    /// <summary>Parses a log list; anything malformed is a <see cref="SignetFormatException"/> naming the log.</summary>
    /// <param name="yaml">The file's text.</param>
    public static IReadOnlyList<WitnessedLog> Parse(string yaml)
    {
        var stream = YamlText.Load(yaml, "log list", MaxBytes);
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("Logs"), out var logsNode) || logsNode is not YamlSequenceNode logs)
        {
            throw new SignetFormatException("log list: expected one document, a mapping with a 'Logs' sequence");
        }

        var result = new List<WitnessedLog>();
        foreach (var node in logs)
        {
            var what = $"log list: log {result.Count + 1}";
            if (node is not YamlMappingNode log)
            {
                throw new SignetFormatException($"{what}: not a mapping");
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in log.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                if (!LogKeys.Contains(name) || v is not YamlScalarNode { Value: { } value })
                {
                    throw new SignetFormatException($"{what}: '{name}' is not one of {string.Join(", ", LogKeys)} with a text value");
                }

                fields[name] = value;
            }

            if (!fields.TryGetValue("Origin", out var origin) || origin.Length == 0 || !fields.TryGetValue("PublicKey", out var vkey))
            {
                throw new SignetFormatException($"{what}: Origin and PublicKey are required");
            }

            INoteVerifier key;
            try
            {
                key = NoteVerifierKey.Parse(vkey);
            }
            catch (SignetFormatException e)
            {
                throw new SignetFormatException($"{what} ({origin}): PublicKey: {e.Message}", e);
            }

            var ecdsa = fields.TryGetValue("PublicKeyType", out var type) && type == "ecdsa";
            if (type is not null and not "ecdsa" and not "ed25519" || ecdsa != key is RekorNoteVerifier)
            {
                throw new SignetFormatException($"{what} ({origin}): PublicKeyType '{type}' does not match the key");
            }

            result.Add(new WitnessedLog(origin, key, fields.GetValueOrDefault("URL")));
        }

        return result;
    }
}
