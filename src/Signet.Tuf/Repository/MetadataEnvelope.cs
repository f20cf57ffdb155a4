using System.Text.Json;
using Signet.Core.Json;
using Signet.Core.Keys;
using Signet.Tuf.Json;
using Signet.Tuf.Metadata;

namespace Signet.Tuf.Repository;

/// <summary>
/// Writes TUF metadata files (<c>{"signatures": [...], "signed": {...}}</c>, TUF §4.2) and adds signatures to them
/// one key at a time, so several key holders can sign a file one after another with their offline keys.
/// </summary>
public static class MetadataEnvelope
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>An unsigned metadata file around the <c>signed</c> object that <paramref name="writeSigned"/> writes.</summary>
    public static byte[] Create(Action<Utf8JsonWriter> writeSigned)
    {
        using var signed = new MemoryStream();
        using (var w = new Utf8JsonWriter(signed))
        {
            writeSigned(w);
        }

        using var doc = JsonDocument.Parse(signed.ToArray());
        return Write(doc.RootElement, []);
    }

    /// <summary>
    /// Adds (or replaces) <paramref name="key"/>'s signature over the canonical JSON of <c>signed</c>. Returns the new
    /// file and the key id that signed.
    /// </summary>
    public static (byte[] File, string KeyId) Sign(ReadOnlySpan<byte> file, SigningKey key, string what)
    {
        using var doc = TufJson.Parse(file.ToArray(), what);
        var signed = TufJson.Object(doc.RootElement, "signed", what);
        var signatures = ReadSignatures(doc.RootElement, what);
        var keyId = TufKey.FromVerificationKey(key.PublicKey).ComputeKeyId();
        var sig = Convert.ToHexStringLower(key.Sign(OlpcCanonicalJson.Encode(signed)));
        signatures.RemoveAll(s => s.KeyId == keyId);
        signatures.Add(new TufSignature(keyId, sig));
        return (Write(signed, signatures), keyId);
    }

    /// <summary>The same <c>signed</c> object with no signatures (after its content changed).</summary>
    public static byte[] WithoutSignatures(ReadOnlySpan<byte> file, string what)
    {
        using var doc = TufJson.Parse(file.ToArray(), what);
        return Write(TufJson.Object(doc.RootElement, "signed", what), []);
    }

    private static List<TufSignature> ReadSignatures(JsonElement root, string what)
    {
        var list = new List<TufSignature>();
        foreach (var s in TufJson.Array(root, "signatures", what).EnumerateArray())
        {
            list.Add(new TufSignature(TufJson.String(s, "keyid", what), TufJson.String(s, "sig", what)));
        }

        return list;
    }

    private static byte[] Write(JsonElement signed, IReadOnlyList<TufSignature> signatures)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Indented))
        {
            w.WriteStartObject();
            w.WriteObjectArray("signatures", signatures, s =>
            {
                w.WriteString("keyid", s.KeyId);
                w.WriteString("sig", s.Sig);
            });
            w.WritePropertyName("signed");
            signed.WriteTo(w);
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
