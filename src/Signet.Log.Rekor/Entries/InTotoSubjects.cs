using System.Text.Json;

namespace Signet.Log.Rekor.Entries;

/// <summary>Search keys from the subjects of an in-toto statement payload (<c>subject[].digest{alg: hex}</c>), as
/// Rekor indexes attestations by the artifacts they describe. A payload that is not a statement adds none.</summary>
internal static class InTotoSubjects
{
    private const int MaxSubjects = 64;

    public static IEnumerable<string> SearchKeys(string payloadType, byte[] payload)
    {
        if (payloadType != "application/vnd.in-toto+json")
        {
            return [];
        }

        var keys = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 32 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            foreach (var subject in subjects.EnumerateArray().Take(MaxSubjects))
            {
                if (subject.ValueKind == JsonValueKind.Object && subject.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.Object)
                {
                    foreach (var d in digest.EnumerateObject())
                    {
                        if (d.Value.ValueKind == JsonValueKind.String && d.Value.GetString() is { Length: > 0 and <= 128 } hex)
                        {
                            keys.Add(Entries.SearchKeys.Hash(d.Name, hex));
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            return [];
        }

        return keys;
    }
}
