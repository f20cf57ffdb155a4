using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Core.Bundles;

/// <summary>
/// protobuf-specs <c>dev.sigstore.rekor.v1.TransparencyLogEntry</c>: where an entry sits in which log, its kind,
/// the Rekor v1 integrated time and signed entry timestamp (inclusion promise), the inclusion proof with its signed
/// checkpoint, and the canonicalized entry body.
/// </summary>
public sealed record TransparencyLogEntry(
    long LogIndex,
    byte[] LogId,
    KindVersion KindVersion,
    long IntegratedTime,
    byte[]? SignedEntryTimestamp,
    TlogInclusionProof? InclusionProof,
    byte[]? CanonicalizedBody)
{
    /// <summary>Largest canonicalized body we accept (Rekor v2 caps a request at 4 MiB).</summary>
    public const int MaxBodySize = 8 * 1024 * 1024;

    /// <summary>Largest JSON document carrying one entry: room for its body in base64 (4/3 of it) and the rest.</summary>
    public const int MaxJsonSize = MaxBodySize * 2;

    /// <summary>Parses one entry in the protobuf JSON mapping (as a bundle's <c>tlogEntries</c> and PEP 740's <c>transparency_entries</c> hold it).</summary>
    /// <exception cref="SignetFormatException">The JSON is not a transparency log entry.</exception>
    public static TransparencyLogEntry Parse(ReadOnlySpan<byte> utf8Json, string path = "tlogEntry") =>
        ProtobufJson.Parse(utf8Json, path, MaxJsonSize, Read);

    /// <summary>The entry in the protobuf JSON mapping.</summary>
    public byte[] ToJson() => ProtobufJson.Write(Write);

    internal static TransparencyLogEntry Read(JsonField e)
    {
        e.RequireObject();
        // proto3 JSON omits zero values, so a missing logIndex is index 0.
        var logIndex = e.OptionalInt64("logIndex") ?? 0;
        if (logIndex < 0)
        {
            throw new SignetFormatException($"{e.Path}.logIndex: negative ({logIndex})");
        }

        var logId = e.RequiredObject("logId").RequiredBytes("keyId");
        if (logId.Length is 0 or > 64)
        {
            throw new SignetFormatException($"{e.Path}.logId.keyId: {logId.Length} bytes is not a log id");
        }

        var kv = e.RequiredObject("kindVersion");
        var kind = new KindVersion(
            kv.RequiredString("kind"),
            kv.RequiredString("version"));
        var integratedTime = e.OptionalInt64("integratedTime") ?? 0;
        if (integratedTime < 0)
        {
            throw new SignetFormatException($"{e.Path}.integratedTime: negative ({integratedTime})");
        }

        byte[]? set = null;
        var promise = e.OptionalObject("inclusionPromise");
        if (promise is not null)
        {
            set = promise.Value.RequiredBytes("signedEntryTimestamp");
        }

        var proof = e.OptionalObject("inclusionProof");
        var body = e.OptionalBytes("canonicalizedBody");
        if (body is not null && body.Length > MaxBodySize)
        {
            throw new SignetFormatException($"{e.Path}.canonicalizedBody: too large ({body.Length} bytes)");
        }

        return new TransparencyLogEntry(
            logIndex,
            logId,
            kind,
            integratedTime,
            set,
            proof is null ? null : TlogInclusionProof.Read(proof.Value),
            body);
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        ProtobufJson.WriteInt64(w, "logIndex", LogIndex);
        w.WriteStartObject("logId");
        ProtobufJson.WriteBytes(w, "keyId", LogId);
        w.WriteEndObject();
        w.WriteStartObject("kindVersion");
        w.WriteString("kind", KindVersion.Kind);
        w.WriteString("version", KindVersion.Version);
        w.WriteEndObject();
        if (IntegratedTime != 0)
        {
            ProtobufJson.WriteInt64(w, "integratedTime", IntegratedTime);
        }

        if (SignedEntryTimestamp is not null)
        {
            w.WriteStartObject("inclusionPromise");
            ProtobufJson.WriteBytes(w, "signedEntryTimestamp", SignedEntryTimestamp);
            w.WriteEndObject();
        }

        InclusionProof?.Write(w);
        if (CanonicalizedBody is not null)
        {
            ProtobufJson.WriteBytes(w, "canonicalizedBody", CanonicalizedBody);
        }

        w.WriteEndObject();
    }
}

/// <summary>The entry's type, e.g. <c>hashedrekord</c> / <c>0.0.2</c>.</summary>
public sealed record KindVersion(string Kind, string Version)
{
    /// <summary>The kind and API version a Rekor entry body names (its <c>kind</c> and <c>apiVersion</c> members).</summary>
    /// <exception cref="SignetFormatException">The body is not a JSON object naming both.</exception>
    public static KindVersion Of(ReadOnlySpan<byte> body, string path)
    {
        using var doc = StrictJson.Parse(body.ToArray(), path, JsonLimits.ProtobufMessage);
        var root = JsonField.Root(doc.RootElement, path).RequireObject();
        return new KindVersion(root.RequiredString("kind"), root.RequiredString("apiVersion"));
    }
}

/// <summary>
/// protobuf-specs <c>InclusionProof</c>: the leaf's index, the tree size and root it is proved against, the audit
/// path (leaf to root), and the signed checkpoint (C2SP tlog-checkpoint signed note) that commits to that root.
/// </summary>
public sealed record TlogInclusionProof(long LogIndex, byte[] RootHash, long TreeSize, IReadOnlyList<byte[]> Hashes, string? Checkpoint)
{
    /// <summary>An RFC 6962 audit path never exceeds 64 hashes (tree sizes are below 2^64).</summary>
    public const int MaxHashes = 64;

    internal static TlogInclusionProof Read(JsonField e)
    {
        var logIndex = e.OptionalInt64("logIndex") ?? 0;
        var treeSize = e.RequiredInt64("treeSize");
        if (logIndex < 0)
        {
            throw new SignetFormatException($"{e.Path}.logIndex: negative ({logIndex})");
        }

        if (treeSize <= 0)
        {
            throw new SignetFormatException($"{e.Path}.treeSize: must be positive ({treeSize})");
        }

        var root = e.RequiredBytes("rootHash");
        if (root.Length != 32)
        {
            throw new SignetFormatException($"{e.Path}.rootHash: {root.Length} bytes, expected 32");
        }

        var hashes = e.Array("hashes", h =>
        {
            var b = h.GetBytes();
            return b.Length == 32 ? b : throw h.Error($"{b.Length} bytes, expected 32");
        });
        if (hashes.Count > MaxHashes)
        {
            throw new SignetFormatException($"{e.Path}.hashes: {hashes.Count} hashes, at most {MaxHashes}");
        }

        var cp = e.OptionalObject("checkpoint");
        var envelope = cp is null ? null : cp.Value.OptionalString("envelope");
        // Old v0.1 bundles carry proofs without a checkpoint; the verifier decides what that is worth.
        return new TlogInclusionProof(logIndex, root, treeSize, hashes, envelope);
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("inclusionProof");
        ProtobufJson.WriteInt64(w, "logIndex", LogIndex);
        ProtobufJson.WriteBytes(w, "rootHash", RootHash);
        ProtobufJson.WriteInt64(w, "treeSize", TreeSize);
        w.WriteStartArray("hashes");
        foreach (var h in Hashes)
        {
            w.WriteStringValue(Convert.ToBase64String(h));
        }

        w.WriteEndArray();
        if (!string.IsNullOrEmpty(Checkpoint))
        {
            w.WriteStartObject("checkpoint");
            w.WriteString("envelope", Checkpoint);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
