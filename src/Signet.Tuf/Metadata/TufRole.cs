using System.Text.Json;
using Signet.Core;
using Signet.Core.Json;
using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>A role's trusted key ids and signature threshold (TUF §4.3 "ROLE").</summary>
public sealed record TufRole(IReadOnlyList<string> KeyIds, int Threshold)
{
    public static TufRole Parse(JsonElement element, string what)
    {
        var keyIds = new List<string>();
        foreach (var id in TufJson.Array(element, "keyids", what).EnumerateArray())
        {
            if (id.ValueKind != JsonValueKind.String)
            {
                throw new SignetFormatException($"{what}: a key id is not a string");
            }

            var s = id.GetString()!;
            if (keyIds.Contains(s, StringComparer.Ordinal))
            {
                // TUF §4.3: the key ids of a role are unique.
                throw new SignetFormatException($"{what}: key id {s} is listed twice");
            }

            keyIds.Add(s);
        }

        var threshold = TufJson.PositiveInteger(element, "threshold", what);
        if (threshold > int.MaxValue)
        {
            throw new SignetFormatException($"{what}: threshold {threshold} is absurd");
        }

        return new TufRole(keyIds, (int)threshold);
    }

    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStringArray("keyids", KeyIds);
        w.WriteNumber("threshold", Threshold);
        w.WriteEndObject();
    }
}
