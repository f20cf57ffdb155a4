using Signet.Core.Encoding;
using Signet.Core.Json;

namespace Signet.Core.Bundles.Legacy;

/// <summary>
/// The JSON "bundle" cosign wrote before Sigstore bundles (<c>cosign sign-blob --bundle</c>, cosign
/// <c>pkg/cosign/bundle</c> <c>LocalSignedPayload</c>): <c>{"base64Signature": b64, "cert": b64 of the PEM certificate,
/// "rekorBundle": <see cref="RekorBundle"/>}</c>. Key-signed blobs have no <c>cert</c>; unlogged ones no <c>rekorBundle</c>.
/// </summary>
/// <param name="Signature">The signature over the artifact.</param>
/// <param name="CertificatePem">The signing certificate (PEM), or null for a key signature.</param>
/// <param name="RekorBundle">The log entry with its signed entry timestamp, or null.</param>
public sealed record CosignBlobBundle(byte[] Signature, string? CertificatePem, RekorBundle? RekorBundle)
{
    /// <summary>Parses an old cosign bundle.</summary>
    /// <exception cref="SignetFormatException">The document is not one.</exception>
    public static CosignBlobBundle Parse(ReadOnlySpan<byte> utf8Json)
    {
        return ProtobufJson.Parse(utf8Json, "cosign bundle", RekorBundle.MaxSize, Read);
    }

    internal static CosignBlobBundle Read(JsonField e)
    {
        var signature = e.RequiredBytes("base64Signature");
        if (signature.Length == 0)
        {
            throw e.ErrorAt("base64Signature", "empty");
        }

        // cosign writes the certificate as base64 of its PEM (cosign cmd/cosign/cli/sign/sign_blob.go).
        string? pem = null;
        if (e.OptionalBytes("cert") is { Length: > 0 } cert)
        {
            pem = System.Text.Encoding.UTF8.GetString(cert);
        }

        var rekor = e.OptionalObject("rekorBundle");
        return new CosignBlobBundle(signature, pem, rekor is null ? null : RekorBundle.Read(rekor.Value));
    }

    /// <summary>The document in cosign's field names.</summary>
    public byte[] ToJson() => ProtobufJson.Write(w =>
    {
        w.WriteStartObject();
        ProtobufJson.WriteBytes(w, "base64Signature", Signature);
        if (CertificatePem is not null)
        {
            ProtobufJson.WriteBytes(w, "cert", System.Text.Encoding.UTF8.GetBytes(CertificatePem));
        }

        if (RekorBundle is not null)
        {
            w.WritePropertyName("rekorBundle");
            RekorBundle.Write(w);
        }

        w.WriteEndObject();
    });

    /// <summary>The signature, certificate and log entry as one <see cref="DetachedSignature"/>.</summary>
    public DetachedSignature ToDetachedSignature() => new(
        Signature,
        CertificatePem is null ? null : [Pem.Decode(CertificatePem, PemLabels.Certificate)],
        RekorBundle is null ? [] : [RekorBundle.ToLogEntry()]);
}
