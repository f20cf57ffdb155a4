using System.Text.Json;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.InToto;
using Signet.Core.Json;

namespace Signet.Packages.PyPI;

/// <summary>
/// A PEP 740 attestation object: <c>{"version": 1, "verification_material": {"certificate": b64 DER, "transparency_entries":
/// [Rekor entries in the protobuf JSON mapping]}, "envelope": {"statement": b64 in-toto statement, "signature": b64}}</c>.
/// It is a Sigstore bundle with a DSSE envelope in another shape; <see cref="ToBundle"/> and <see cref="FromBundle"/>
/// convert between the two (as pypi-attestations does), so the one verifier checks it.
/// </summary>
public sealed record Pep740Attestation(byte[] Certificate, IReadOnlyList<TransparencyLogEntry> TransparencyEntries, byte[] Statement, byte[] Signature)
{
    /// <summary>The largest attestation read (16 MiB).</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>Parses an attestation object.</summary>
    /// <exception cref="SignetFormatException">The object is malformed: not version 1, no certificate, no entry.</exception>
    public static Pep740Attestation Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
        {
            throw new SignetFormatException($"attestation: larger than {MaxBytes} bytes");
        }

        try
        {
            using var doc = StrictJson.Parse(utf8Json.ToArray(), "attestation", new JsonLimits(MaxBytes, 64, 1024));
            return Read(doc.RootElement, "attestation");
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"attestation: not JSON ({e.Message})", e);
        }
    }

    internal static Pep740Attestation Read(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version) || version != 1)
        {
            throw new SignetFormatException($"{path}: not a PEP 740 attestation object of version 1");
        }

        var material = DocumentJson.Object(e, "verification_material", path);
        var mp = $"{path}.verification_material";
        var certificate = DocumentJson.Base64(material, "certificate", mp);
        try
        {
            X509Parts.Parse(certificate, $"{mp}.certificate");
        }
        catch (SignetFormatException ex)
        {
            throw new SignetFormatException($"{mp}.certificate: invalid X.509 certificate ({ex.Message})", ex);
        }

        if (!material.TryGetProperty("transparency_entries", out var entries) || entries.ValueKind != JsonValueKind.Array || entries.GetArrayLength() == 0)
        {
            throw new SignetFormatException($"{mp}.transparency_entries: at least one transparency log entry is required");
        }

        var list = new List<TransparencyLogEntry>();
        var i = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var ep = $"{mp}.transparency_entries[{i++}]";
            try
            {
                list.Add(TransparencyLogEntry.Parse(System.Text.Encoding.UTF8.GetBytes(entry.GetRawText()), ep));
            }
            catch (SignetFormatException ex)
            {
                throw new SignetFormatException($"invalid transparency log entry: {ex.Message}", ex);
            }
        }

        var envelope = DocumentJson.Object(e, "envelope", path);
        return new Pep740Attestation(certificate, list, DocumentJson.Base64(envelope, "statement", $"{path}.envelope"), DocumentJson.Base64(envelope, "signature", $"{path}.envelope"));
    }

    /// <summary>The Sigstore bundle (v0.3; v0.1 when an entry has no inclusion proof) this attestation amounts to.</summary>
    public Bundle ToBundle()
    {
        var mediaType = TransparencyEntries.All(t => t.InclusionProof is not null) ? MediaTypes.BundleV03 : MediaTypes.BundleV01;
        var material = mediaType == MediaTypes.BundleV03
            ? new VerificationMaterial(null, null, Certificate, TransparencyEntries, [])
            : new VerificationMaterial(null, [Certificate], null, TransparencyEntries, []);
        return new Bundle(mediaType, material, null, new Envelope(Statement, InTotoStatement.PayloadType, [new EnvelopeSignature(Signature, null)]));
    }

    /// <summary>The attestation object of a Sigstore bundle holding a DSSE envelope with exactly one signature.</summary>
    /// <exception cref="SignetFormatException">The bundle has a message signature, no certificate, or not exactly one signature.</exception>
    public static Pep740Attestation FromBundle(Bundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var envelope = bundle.DsseEnvelope ?? throw new SignetFormatException("bundle: a PEP 740 attestation is a DSSE envelope, not a message signature");
        if (envelope.Signatures.Count != 1)
        {
            throw new SignetFormatException($"bundle: expected exactly one signature, got {envelope.Signatures.Count}");
        }

        if (envelope.PayloadType != InTotoStatement.PayloadType)
        {
            throw new SignetFormatException($"bundle: the envelope's payload type is '{envelope.PayloadType}', not {InTotoStatement.PayloadType}");
        }

        var leaf = bundle.VerificationMaterial.LeafCertificate ?? throw new SignetFormatException("bundle: a PEP 740 attestation needs a signing certificate");
        if (bundle.VerificationMaterial.TlogEntries.Count == 0)
        {
            throw new SignetFormatException("bundle: a PEP 740 attestation needs a transparency log entry");
        }

        return new Pep740Attestation(leaf, bundle.VerificationMaterial.TlogEntries, envelope.Payload, envelope.Signatures[0].Sig);
    }

    /// <summary>The attestation object as JSON (PEP 740 member names).</summary>
    public byte[] ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteStartObject("verification_material");
            w.WriteString("certificate", Convert.ToBase64String(Certificate));
            w.WriteStartArray("transparency_entries");
            foreach (var t in TransparencyEntries)
            {
                using var entry = JsonDocument.Parse(t.ToJson());
                entry.RootElement.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("envelope");
            w.WriteString("statement", Convert.ToBase64String(Statement));
            w.WriteString("signature", Convert.ToBase64String(Signature));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return ms.ToArray();
    }
}
