using System.Text.Json;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Client.Services;

/// <summary>
/// Fulcio's v2 API (fulcio.proto <c>CA.CreateSigningCertificate</c>): <c>POST /api/v2/signingCert</c> with the
/// identity token and a public key plus proof of possession; the answer is the chain, leaf first.
/// </summary>
/// <param name="http">The HTTP client requests go through.</param>
/// <param name="baseUrl">The CA's base URL (its <c>caUrls</c> entry in the signing config).</param>
public sealed class FulcioClient(HttpClient http, Uri baseUrl) : SigstoreServiceClient(http, baseUrl, "the certificate authority"), ICertificateProvider
{
    /// <summary>Requests a signing certificate for <paramref name="publicKey"/>; returns the chain as DER, leaf first.</summary>
    /// <param name="identityToken">The compact JWT.</param>
    /// <param name="publicKey">The key the certificate is for.</param>
    /// <param name="proofOfPossession">The key's signature over the token's challenge claim (fulcio docs: how-certificate-issuing-works).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SigstoreServiceException">The CA was unreachable or refused the request.</exception>
    public async Task<IReadOnlyList<byte[]>> CreateSigningCertificateAsync(
        string identityToken, VerificationKey publicKey, byte[] proofOfPossession, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var body = WriteRequest(identityToken, publicKey, proofOfPossession);
        return ReadChain(await PostJsonAsync("/api/v2/signingCert", body, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    Task<IReadOnlyList<byte[]>> ICertificateProvider.CreateSigningCertificateAsync(
        IdentityToken token, VerificationKey publicKey, byte[] proofOfPossession, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return CreateSigningCertificateAsync(token.Jwt, publicKey, proofOfPossession, cancellationToken);
    }

    internal static byte[] WriteRequest(string identityToken, VerificationKey publicKey, byte[] proofOfPossession)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("credentials");
            w.WriteString("oidcIdentityToken", identityToken);
            w.WriteEndObject();
            w.WriteStartObject("publicKeyRequest");
            w.WriteStartObject("publicKey");
            w.WriteString("algorithm", publicKey.Kind switch
            {
                KeyKind.Ed25519 => "ED25519",
                KeyKind.Rsa2048 or KeyKind.Rsa3072 or KeyKind.Rsa4096 => "RSA_PSS",
                _ => "ECDSA",
            });
            w.WriteString("content", publicKey.ToPem());
            w.WriteEndObject();
            w.WriteString("proofOfPossession", Convert.ToBase64String(proofOfPossession));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads <c>signedCertificateEmbeddedSct.chain</c> or <c>signedCertificateDetachedSct.chain</c>.</summary>
    internal static IReadOnlyList<byte[]> ReadChain(byte[] json)
    {
        using var doc = ClientJson.Parse(json, "CA response");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("CA response: not a JSON object");
        }

        JsonElement holder;
        if (!root.TryGetProperty("signedCertificateEmbeddedSct", out holder)
            && !root.TryGetProperty("signedCertificateDetachedSct", out holder))
        {
            throw new SignetFormatException("CA response: neither signedCertificateEmbeddedSct nor signedCertificateDetachedSct");
        }

        if (holder.ValueKind != JsonValueKind.Object
            || !holder.TryGetProperty("chain", out var chain) || chain.ValueKind != JsonValueKind.Object
            || !chain.TryGetProperty("certificates", out var certs) || certs.ValueKind != JsonValueKind.Array)
        {
            throw new SignetFormatException("CA response: no chain.certificates array");
        }

        var result = new List<byte[]>();
        foreach (var c in certs.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.String)
            {
                throw new SignetFormatException("CA response: a certificate is not a PEM string");
            }

            foreach (var block in Pem.DecodeAll(c.GetString()!))
            {
                if (block.Label != PemLabels.Certificate)
                {
                    throw new SignetFormatException($"CA response: PEM block '{block.Label}' is not a CERTIFICATE");
                }

                result.Add(block.Der);
            }
        }

        return result.Count > 0 ? result : throw new SignetFormatException("CA response: the chain is empty");
    }
}
