using System.Text.Json;
using Signet.Core;
using Signet.Core.InToto;
using Signet.Core.Json;

namespace Signet.Log.Rekor.Entries;

/// <summary>Search keys from the subjects of an in-toto statement payload (<c>subject[].digest{alg: hex}</c>), as
/// Rekor indexes attestations by the artifacts they describe. A payload that is not a statement adds none.</summary>
internal static class InTotoSubjects
{
    private const int MaxSubjects = 64;

    // A statement may name many artifacts; only the first MaxSubjects are indexed, but a long list is no reason to index none.
    private static readonly JsonLimits PayloadLimits = new(JsonLimits.RekorEntry.MaxBytes, JsonLimits.RekorEntry.MaxDepth, 1 << 20);

    public static IEnumerable<string> SearchKeys(string payloadType, byte[] payload)
    {
        if (payloadType != InTotoStatement.PayloadType)
        {
            return [];
        }

        var keys = new List<string>();
        try
        {
            using var doc = StrictJson.Parse(payload, "payload", PayloadLimits);
            var root = JsonField.Root(doc.RootElement, "payload");
            if (root.ValueKind != JsonValueKind.Object || !root.TryGet("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            foreach (var subject in subjects.Items().Take(MaxSubjects))
            {
                if (subject.ValueKind == JsonValueKind.Object && subject.TryGet("digest", out var digest) && digest.ValueKind == JsonValueKind.Object)
                {
                    foreach (var (alg, value) in digest.Members())
                    {
                        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 128 } hex)
                        {
                            keys.Add(Entries.SearchKeys.Hash(alg, hex));
                        }
                    }
                }
            }
        }
        catch (SignetFormatException)
        {
            return [];
        }

        return keys;
    }
}
