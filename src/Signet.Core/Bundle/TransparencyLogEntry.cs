using System.Text.Json;

namespace Signet.Core.Bundle;

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

    /// <summary>Parses one entry in the protobuf JSON mapping (as a bundle's <c>tlogEntries</c> and PEP 740's <c>transparency_entries</c> hold it).</summary>
    /// <exception cref="SignetFormatException">The JSON is not a transparency log entry.</exception>
    public static TransparencyLogEntry Parse(ReadOnlySpan<byte> utf8Json, string path = "tlogEntry")
    {
        if (utf8Json.Length > MaxBodySize * 2)
        {
            throw new SignetFormatException($"{path}: too large ({utf8Json.Length} bytes)");
        }

        using var doc = ProtoJson.ParseDocument(utf8Json, path);
        return Read(doc.RootElement, path);
    }

    /// <summary>The entry in the protobuf JSON mapping.</summary>
    public byte[] ToJson() => ProtoJson.Write(Write);

    internal static TransparencyLogEntry Read(JsonElement e, string path)
    {
        ProtoJson.RequireObject(e, path);
        // proto3 JSON omits zero values, so a missing logIndex is index 0.
        var logIndex = ProtoJson.OptionalInt64(e, "logIndex", path) ?? 0;
        if (logIndex < 0)
        {
            throw new SignetFormatException($"{path}.logIndex: negative ({logIndex})");
        }

        var logId = ProtoJson.RequiredBytes(ProtoJson.RequiredObject(e, "logId", path), "keyId", $"{path}.logId");
        if (logId.Length is 0 or > 64)
        {
            throw new SignetFormatException($"{path}.logId.keyId: {logId.Length} bytes is not a log id");
        }

        var kv = ProtoJson.RequiredObject(e, "kindVersion", path);
        var kind = new KindVersion(
            ProtoJson.RequiredString(kv, "kind", $"{path}.kindVersion"),
            ProtoJson.RequiredString(kv, "version", $"{path}.kindVersion"));
        var integratedTime = ProtoJson.OptionalInt64(e, "integratedTime", path) ?? 0;
        if (integratedTime < 0)
        {
            throw new SignetFormatException($"{path}.integratedTime: negative ({integratedTime})");
        }

        byte[]? set = null;
        var promise = ProtoJson.OptionalObject(e, "inclusionPromise", path);
        if (promise is not null)
        {
            set = ProtoJson.RequiredBytes(promise.Value, "signedEntryTimestamp", $"{path}.inclusionPromise");
        }

        var proof = ProtoJson.OptionalObject(e, "inclusionProof", path);
        var body = ProtoJson.OptionalBytes(e, "canonicalizedBody", path);
        if (body is not null && body.Length > MaxBodySize)
        {
            throw new SignetFormatException($"{path}.canonicalizedBody: too large ({body.Length} bytes)");
        }

        return new TransparencyLogEntry(
            logIndex,
            logId,
            kind,
            integratedTime,
            set,
            proof is null ? null : TlogInclusionProof.Read(proof.Value, $"{path}.inclusionProof"),
            body);
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        ProtoJson.WriteInt64(w, "logIndex", LogIndex);
        w.WriteStartObject("logId");
        ProtoJson.WriteBytes(w, "keyId", LogId);
        w.WriteEndObject();
        w.WriteStartObject("kindVersion");
        w.WriteString("kind", KindVersion.Kind);
        w.WriteString("version", KindVersion.Version);
        w.WriteEndObject();
        if (IntegratedTime != 0)
        {
            ProtoJson.WriteInt64(w, "integratedTime", IntegratedTime);
        }

        if (SignedEntryTimestamp is not null)
        {
            w.WriteStartObject("inclusionPromise");
            ProtoJson.WriteBytes(w, "signedEntryTimestamp", SignedEntryTimestamp);
            w.WriteEndObject();
        }

        InclusionProof?.Write(w);
        if (CanonicalizedBody is not null)
        {
            ProtoJson.WriteBytes(w, "canonicalizedBody", CanonicalizedBody);
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
        using var doc = ProtoJson.ParseDocument(body, path);
        ProtoJson.RequireObject(doc.RootElement, path);
        return new KindVersion(ProtoJson.RequiredString(doc.RootElement, "kind", path), ProtoJson.RequiredString(doc.RootElement, "apiVersion", path));
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

    internal static TlogInclusionProof Read(JsonElement e, string path)
    {
        var logIndex = ProtoJson.OptionalInt64(e, "logIndex", path) ?? 0;
        var treeSize = ProtoJson.RequiredInt64(e, "treeSize", path);
        if (logIndex < 0)
        {
            throw new SignetFormatException($"{path}.logIndex: negative ({logIndex})");
        }

        if (treeSize <= 0)
        {
            throw new SignetFormatException($"{path}.treeSize: must be positive ({treeSize})");
        }

        var root = ProtoJson.RequiredBytes(e, "rootHash", path);
        if (root.Length != 32)
        {
            throw new SignetFormatException($"{path}.rootHash: {root.Length} bytes, expected 32");
        }

        var hashes = ProtoJson.Array(e, "hashes", path, (h, p) =>
        {
            if (h.ValueKind != JsonValueKind.String)
            {
                throw new SignetFormatException($"{p}: expected a string, found {ProtoJson.Kind(h)}");
            }

            var b = ProtoJson.DecodeBase64(h.GetString()!, p);
            return b.Length == 32 ? b : throw new SignetFormatException($"{p}: {b.Length} bytes, expected 32");
        });
        if (hashes.Count > MaxHashes)
        {
            throw new SignetFormatException($"{path}.hashes: {hashes.Count} hashes, at most {MaxHashes}");
        }

        var cp = ProtoJson.OptionalObject(e, "checkpoint", path);
        var envelope = cp is null ? null : ProtoJson.OptionalString(cp.Value, "envelope", $"{path}.checkpoint");
        // Old v0.1 bundles carry proofs without a checkpoint; the verifier decides what that is worth.
        return new TlogInclusionProof(logIndex, root, treeSize, hashes, envelope);
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("inclusionProof");
        ProtoJson.WriteInt64(w, "logIndex", LogIndex);
        ProtoJson.WriteBytes(w, "rootHash", RootHash);
        ProtoJson.WriteInt64(w, "treeSize", TreeSize);
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
