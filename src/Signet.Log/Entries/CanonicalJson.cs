using System.Text.Json.Nodes;
using Signet.Core.Json;

namespace Signet.Log.Entries;

/// <summary>Serializes a body and canonicalizes it (RFC 8785), as Rekor stores canonicalized bodies.</summary>
internal static class CanonicalJson
{
    public static byte[] Of(JsonNode node) =>
        Rfc8785.Canonicalize(node);
}
