using Signet.Core;

namespace Signet.Oci.Signatures;

/// <summary>
/// One layer of a cosign legacy signature or attestation image (SIGNATURE_SPEC §OCI Image Manifest V1): the payload
/// (simple-signing JSON, or a DSSE envelope for <c>.att</c>) and the annotations that carry the signature material.
/// </summary>
public sealed record LegacySignature(string MediaType, byte[] Payload, IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>The base64 signature annotation, decoded (empty for attestations, whose signature is in the envelope).</summary>
    public byte[]? Signature =>
        Annotations.TryGetValue(CosignAnnotations.Signature, out var s) && s.Length > 0 ? DecodeBase64(s, CosignAnnotations.Signature) : null;

    /// <summary>The signing certificate (PEM) of a keyless signature, or null.</summary>
    public string? CertificatePem => Annotations.GetValueOrDefault(CosignAnnotations.Certificate) is { Length: > 0 } c ? c : null;

    /// <summary>The certificate chain (PEM), or null.</summary>
    public string? ChainPem => Annotations.GetValueOrDefault(CosignAnnotations.Chain) is { Length: > 0 } c ? c : null;

    /// <summary>cosign's Rekor bundle (signed entry timestamp and entry), or null.</summary>
    public string? RekorBundleJson => Annotations.GetValueOrDefault(CosignAnnotations.RekorBundle) is { Length: > 0 } c ? c : null;

    /// <summary>cosign's RFC 3161 timestamp annotation (JSON), or null.</summary>
    public string? Rfc3161TimestampJson => Annotations.GetValueOrDefault(CosignAnnotations.Rfc3161Timestamp) is { Length: > 0 } c ? c : null;

    /// <summary>The layer descriptor of this signature (its payload, media type and annotations).</summary>
    public OciDescriptor ToDescriptor() => OciDescriptor.Of(MediaType, Payload, Annotations);

    /// <summary>The annotations of a simple-signing layer as cosign writes them.</summary>
    public static Dictionary<string, string> AnnotationsFor(byte[] signature, string? certificatePem = null, string? chainPem = null,
        string? rekorBundleJson = null, string? rfc3161TimestampJson = null)
    {
        var a = new Dictionary<string, string>(StringComparer.Ordinal) { [CosignAnnotations.Signature] = Convert.ToBase64String(signature) };
        if (certificatePem is not null)
        {
            a[CosignAnnotations.Certificate] = certificatePem;
        }

        if (chainPem is not null)
        {
            a[CosignAnnotations.Chain] = chainPem;
        }

        if (rekorBundleJson is not null)
        {
            a[CosignAnnotations.RekorBundle] = rekorBundleJson;
        }

        if (rfc3161TimestampJson is not null)
        {
            a[CosignAnnotations.Rfc3161Timestamp] = rfc3161TimestampJson;
        }

        return a;
    }

    private static byte[] DecodeBase64(string s, string what)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException e)
        {
            throw new SignetFormatException($"legacy signature layer: annotation {what} is not base64", e);
        }
    }
}
