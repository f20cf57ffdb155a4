using System.Text.Json;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.Json;

namespace Signet.Client.Monitoring;

/// <summary>
/// The key material and artifact digest a log entry names: certificates (DER), public keys (SPKI DER) and the
/// digest as <c>algorithm:hex</c>. Read from a Rekor entry body of any kind and version by the fields that carry them
/// (rekor pkg/types and rekor-tiles entry.proto): <c>publicKey.content</c>, <c>verifier</c> and <c>publicKey</c> as
/// base64 PEM (v1 kinds), <c>x509Certificate.rawBytes</c> and <c>publicKey.rawBytes</c> (v2 kinds); the digest from
/// <c>data.hash</c> / <c>data.digest</c> (hashedrekord) or <c>payloadHash</c> (dsse, intoto).
/// </summary>
/// <param name="Certificates">Certificates, DER.</param>
/// <param name="PublicKeys">Public keys, SPKI DER.</param>
/// <param name="Digest">The artifact (or payload) digest, <c>sha256:HEX</c>, if the entry names one.</param>
public sealed record EntryMaterial(IReadOnlyList<byte[]> Certificates, IReadOnlyList<byte[]> PublicKeys, string? Digest)
{
    private const int MaxDepth = 16;

    /// <summary>Reads a Rekor entry body (canonical JSON); a body that is not JSON is a <see cref="SignetFormatException"/>.</summary>
    /// <param name="body">The entry's body (the log's leaf).</param>
    public static EntryMaterial FromRekorBody(ReadOnlySpan<byte> body)
    {
        var doc = StrictJson.Parse(body.ToArray(), "log entry", JsonLimits.RekorEntry);
        using (doc)
        {
            var certs = new List<byte[]>();
            var keys = new List<byte[]>();
            string? digest = null;
            Walk(doc.RootElement, null, 0, certs, keys, ref digest);
            return new EntryMaterial(certs, keys, digest);
        }
    }

    /// <summary>
    /// Reads an RFC 6962 CT log leaf: an <c>x509_entry</c> names its certificate; a <c>precert_entry</c> names the
    /// precertificate's TBSCertificate, which is read as a certificate with an empty signature so its SANs and Fulcio
    /// extensions can be matched. Only the leaf (what the log's tree commits to) is read, never the unsigned
    /// <c>extra_data</c>. CT entries name no artifact digest.
    /// </summary>
    /// <param name="leafInput">The entry's <c>leaf_input</c>.</param>
    public static EntryMaterial FromCtLeaf(ReadOnlySpan<byte> leafInput)
    {
        var leaf = Core.Ct.CtMerkleTreeLeaf.Parse(leafInput);
        var der = leaf.EntryType == Core.Ct.CtEntryType.X509Entry ? leaf.Certificate : UnsignedCertificate(leaf.Certificate);
        return new EntryMaterial([der], [], null);
    }

    // RFC 5280 §4.1 Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }: the TBS's own
    // signature field (its third element after the optional version) stands in as signatureAlgorithm.
    private static byte[] UnsignedCertificate(byte[] tbs)
    {
        try
        {
            // The TBSCertificate is one DER value: bytes after it would be refused by the writer below (a finding of
            // the ct-monitor fuzz harness), so they are a format error here.
            var outer = new System.Formats.Asn1.AsnReader(tbs, System.Formats.Asn1.AsnEncodingRules.DER);
            var reader = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var versionTag = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 0, isConstructed: true);
            if (reader.PeekTag() == versionTag)
            {
                reader.ReadEncodedValue();
            }

            reader.ReadEncodedValue(); // serialNumber
            var algorithm = reader.ReadEncodedValue();
            var w = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            using (w.PushSequence())
            {
                w.WriteEncodedValue(tbs);
                w.WriteEncodedValue(algorithm.Span);
                w.WriteBitString([]);
            }

            return w.Encode();
        }
        catch (System.Formats.Asn1.AsnContentException e)
        {
            throw new SignetFormatException($"leaf_input: the precertificate's TBSCertificate is malformed ({e.Message})", e);
        }
    }

    private static void Walk(JsonElement e, string? name, int depth, List<byte[]> certs, List<byte[]> keys, ref string? digest)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (name is "x509Certificate" && Bytes(e, "rawBytes") is { } der)
                {
                    certs.Add(der);
                    return;
                }

                if (name is "publicKey" && Bytes(e, "rawBytes") is { } spki)
                {
                    keys.Add(spki);
                    return;
                }

                if (name is "publicKey" && e.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    AddPem(content.GetString()!, certs, keys);
                    return;
                }

                if (name is "hash" or "data" or "payloadHash" && digest is null && DigestOf(e) is { } d)
                {
                    digest = d;
                }

                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value, p.Name, depth + 1, certs, keys, ref digest);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, name, depth + 1, certs, keys, ref digest);
                }

                break;
            case JsonValueKind.String when name is "verifier" or "publicKey":
                AddPem(e.GetString()!, certs, keys);
                break;
        }
    }

    private static byte[]? Bytes(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(v.GetString()!);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // v1: {algorithm: "sha256", value: HEX}; v2: {algorithm: "SHA2_256", digest: BASE64}.
    private static string? DigestOf(JsonElement e)
    {
        if (!e.TryGetProperty("algorithm", out var a) || a.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var algorithm = a.GetString() switch
        {
            "sha256" or "SHA2_256" => "sha256",
            "sha384" or "SHA2_384" => "sha384",
            "sha512" or "SHA2_512" => "sha512",
            var other => other?.ToLowerInvariant(),
        };
        if (e.TryGetProperty("value", out var hex) && hex.ValueKind == JsonValueKind.String)
        {
            return $"{algorithm}:{hex.GetString()!.ToLowerInvariant()}";
        }

        return Bytes(e, "digest") is { } raw ? $"{algorithm}:{Convert.ToHexStringLower(raw)}" : null;
    }

    private static void AddPem(string base64, List<byte[]> certs, List<byte[]> keys)
    {
        string pem;
        try
        {
            pem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return;
        }

        IReadOnlyList<PemBlock> blocks;
        try
        {
            blocks = Pem.DecodeAll(pem);
        }
        catch (SignetFormatException)
        {
            return;
        }

        foreach (var b in blocks)
        {
            (b.Label == PemLabels.Certificate ? certs : b.Label == PemLabels.PublicKey ? keys : null)?.Add(b.Der);
        }
    }
}
