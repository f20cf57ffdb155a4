using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core.Json;

namespace Signet.Core.Rekor;

/// <summary>Writes entry requests and builds canonicalized entries, the two ends every entry kind shares.</summary>
internal static class RekorRequests
{
    private static readonly JsonWriterOptions JavaScriptStyle = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A request as compact JSON, members in the order built: escaped as System.Text.Json does by default
    /// (Signet's signer has always sent this), or as JavaScript's <c>JSON.stringify</c> (what sigstore-js sends).</summary>
    public static byte[] Write(JsonObject request, bool javaScriptStyle = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, javaScriptStyle ? JavaScriptStyle : default))
        {
            request.WriteTo(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{apiVersion, kind, spec}</c>, the envelope of every Rekor v1 request and stored body.</summary>
    public static JsonObject Entry(string kind, string version, JsonObject spec) =>
        new() { ["apiVersion"] = version, ["kind"] = kind, ["spec"] = spec };

    /// <summary>A hashedrekord's stored form: its body, indexed by the digest it records and its signer.</summary>
    public static CanonicalizedEntry Digest(string kind, string version, JsonObject spec, EntryHash digest, EntrySigner signer) =>
        new(kind, version, Rfc8785.Canonicalize(Entry(kind, version, spec)), [digest], [signer]);

    /// <summary>A DSSE-type entry's stored form: its body, indexed by its signers, the payload and envelope hashes and the payload.</summary>
    public static CanonicalizedEntry Envelope(
        string kind, string version, JsonObject spec, RekorHash payloadHash, RekorHash envelopeHash, IReadOnlyList<EntrySigner> signers, string payloadType, byte[] payload) =>
        new(
            kind,
            version,
            Rfc8785.Canonicalize(Entry(kind, version, spec)),
            [new EntryHash(payloadHash.Algorithm, payloadHash.Hex), new EntryHash(envelopeHash.Algorithm, envelopeHash.Hex)],
            signers,
            payloadType,
            payload);
}
