using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Bundles.Legacy;
using Signet.Core.Dsse;
using Signet.Core.Encoding;
using Signet.Core.Json;

namespace Signet.Oci.Signatures;

/// <summary>
/// Moves signature material between a Sigstore bundle and cosign's legacy layer annotations
/// (SIGNATURE_SPEC §Properties): signature, certificate, chain, the Rekor SET "bundle" and the RFC 3161 timestamp.
/// Reading builds a v0.1 bundle (a Rekor SET without inclusion proof is allowed there) so that the one verifier
/// checks legacy signatures exactly as it checks bundles.
/// </summary>
public static class LegacyBundleConversion
{
    /// <summary>The annotations of a layer carrying <paramref name="bundle"/>'s material (its content goes in the layer itself).</summary>
    public static Dictionary<string, string> ToAnnotations(Bundle bundle, string? predicateType = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var m = bundle.VerificationMaterial;
        var a = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // ATTESTATION_SPEC: attestation layers carry an empty signature annotation; the signature is in the envelope.
            [CosignAnnotations.Signature] = bundle.MessageSignature is { } ms ? Convert.ToBase64String(ms.Signature) : "",
        };
        if (m.LeafCertificate is { } leaf)
        {
            a[CosignAnnotations.Certificate] = Pem.Encode(PemLabels.Certificate, leaf);
            if (m.X509CertificateChain is { Count: > 1 } chain)
            {
                a[CosignAnnotations.Chain] = string.Concat(chain.Skip(1).Select(c => Pem.Encode(PemLabels.Certificate, c)));
            }
        }

        var entry = m.TlogEntries.FirstOrDefault(e => e.SignedEntryTimestamp is not null && e.CanonicalizedBody is not null);
        if (entry is not null)
        {
            a[CosignAnnotations.RekorBundle] = RekorBundleJson(entry);
        }

        if (m.Rfc3161Timestamps.Count > 0)
        {
            a[CosignAnnotations.Rfc3161Timestamp] = Json(w => w.WriteString("SignedRFC3161Timestamp", Convert.ToBase64String(m.Rfc3161Timestamps[0].SignedTimestamp)));
        }

        if (predicateType is not null)
        {
            a[CosignAnnotations.PredicateType] = predicateType;
        }

        return a;
    }

    /// <summary>The legacy layer for <paramref name="bundle"/>: a simple-signing payload layer, or a DSSE envelope layer for an attestation.</summary>
    public static LegacySignature ToLayer(Bundle bundle, byte[] signedPayload, string? predicateType = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.DsseEnvelope is { } env)
        {
            var envelope = new DsseEnvelope(env.PayloadType, env.Payload, env.Signatures.Select(s => new DsseSignature(s.KeyId, s.Sig)).ToList());
            return new LegacySignature(OciMediaTypes.DsseEnvelope, envelope.ToJson(), ToAnnotations(bundle, predicateType));
        }

        return new LegacySignature(OciMediaTypes.CosignSimpleSigning, signedPayload, ToAnnotations(bundle));
    }

    /// <summary>The bundle a legacy layer amounts to, for the verifier.</summary>
    public static Bundle ToBundle(LegacySignature layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        IReadOnlyList<byte[]>? chain = null;
        if (layer.CertificatePem is { } certPem)
        {
            var certs = new List<byte[]> { Pem.Decode(certPem, PemLabels.Certificate) };
            if (layer.ChainPem is { } chainPem)
            {
                // SIGNATURE_SPEC §chain: the chain MAY be used to verify the certificate, and cosign writes it up to and
                // including the root. Trust anchors come from the trusted root only, and a bundle's chain must not carry
                // one, so a self-signed certificate in the annotation is left out rather than failing the signature.
                certs.AddRange(DetachedSignature.WithoutRoots(Pem.DecodeAll(chainPem).Where(b => b.Label == PemLabels.Certificate).Select(b => b.Der)));
            }

            chain = certs;
        }

        var entries = layer.RekorBundleJson is { } rekor ? [ParseRekorBundle(rekor)] : Array.Empty<TransparencyLogEntry>();
        var stamps = layer.Rfc3161TimestampJson is { } ts ? [ParseTimestamp(ts)] : Array.Empty<Rfc3161SignedTimestamp>();
        var material = new VerificationMaterial(chain is null ? new PublicKeyIdentifier(null) : null, chain, null, entries, stamps);

        if (layer.MediaType == OciMediaTypes.DsseEnvelope)
        {
            var env = DsseEnvelope.Parse(layer.Payload);
            return new Bundle(MediaTypes.BundleV01, material, null,
                new Envelope(env.Payload, env.PayloadType, env.Signatures.Select(s => new EnvelopeSignature(s.Sig, s.KeyId)).ToList()));
        }

        var signature = layer.Signature ?? throw new SignetFormatException($"legacy signature layer: annotation {CosignAnnotations.Signature} is missing");
        return new Bundle(MediaTypes.BundleV01, material, new MessageSignature(new HashOutput("SHA2_256", SHA256.HashData(layer.Payload)), signature), null);
    }

    // SIGNATURE_SPEC §bundle: {"SignedEntryTimestamp": b64, "Payload": {"body": b64, "integratedTime", "logIndex", "logID": hex}}.
    private static string RekorBundleJson(TransparencyLogEntry e) => Encoding.UTF8.GetString(RekorBundle.FromLogEntry(e).ToJson());

    private static TransparencyLogEntry ParseRekorBundle(string json)
    {
        try
        {
            return RekorBundle.Parse(Encoding.UTF8.GetBytes(json)).ToLogEntry();
        }
        catch (SignetFormatException e)
        {
            throw new SignetFormatException($"legacy signature layer: annotation {CosignAnnotations.RekorBundle}: {e.Message}", e);
        }
    }

    private static Rfc3161SignedTimestamp ParseTimestamp(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return new Rfc3161SignedTimestamp(Convert.FromBase64String(doc.RootElement.GetProperty("SignedRFC3161Timestamp").GetString()!));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new SignetFormatException($"legacy signature layer: annotation {CosignAnnotations.Rfc3161Timestamp}: {e.Message}", e);
        }
    }

    private static string Json(Action<Utf8JsonWriter> body) => Encoding.UTF8.GetString(ProtobufJson.WriteObject(body));
}
