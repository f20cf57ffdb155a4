using System.Text.Json.Nodes;
using Signet.Core.Encoding;

namespace Signet.Log.Rekor.Entries;

/// <summary>Serializes a body and canonicalizes it (RFC 8785), as Rekor stores canonicalized bodies.</summary>
internal static class CanonicalJson
{
    public static byte[] Of(JsonNode node) =>
        JsonCanonicalizer.Canonicalize(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));
}
