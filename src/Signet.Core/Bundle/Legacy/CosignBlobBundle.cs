using System.Text.Json;
using Signet.Core.Encoding;

namespace Signet.Core.Bundle.Legacy;

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
        if (utf8Json.Length > RekorBundle.MaxSize)
        {
            throw new SignetFormatException($"cosign bundle: too large ({utf8Json.Length} bytes > {RekorBundle.MaxSize})");
        }

        using var doc = ProtoJson.ParseDocument(utf8Json, "cosign bundle");
        return Read(doc.RootElement, "cosign bundle");
    }

    internal static CosignBlobBundle Read(JsonElement e, string path)
    {
        ProtoJson.RequireObject(e, path);
        var signature = ProtoJson.RequiredBytes(e, "base64Signature", path);
        if (signature.Length == 0)
        {
            throw new SignetFormatException($"{path}.base64Signature: empty");
        }

        // cosign writes the certificate as base64 of its PEM (cosign cmd/cosign/cli/sign/sign_blob.go).
        string? pem = null;
        if (ProtoJson.OptionalBytes(e, "cert", path) is { Length: > 0 } cert)
        {
            pem = System.Text.Encoding.UTF8.GetString(cert);
        }

        var rekor = ProtoJson.OptionalObject(e, "rekorBundle", path);
        return new CosignBlobBundle(signature, pem, rekor is null ? null : RekorBundle.Read(rekor.Value, $"{path}.rekorBundle"));
    }

    /// <summary>The document in cosign's field names.</summary>
    public byte[] ToJson() => ProtoJson.Write(w =>
    {
        w.WriteStartObject();
        ProtoJson.WriteBytes(w, "base64Signature", Signature);
        if (CertificatePem is not null)
        {
            ProtoJson.WriteBytes(w, "cert", System.Text.Encoding.UTF8.GetBytes(CertificatePem));
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
        CertificatePem is null ? null : [Pem.Decode(CertificatePem, "CERTIFICATE")],
        RekorBundle is null ? [] : [RekorBundle.ToLogEntry()]);
}
