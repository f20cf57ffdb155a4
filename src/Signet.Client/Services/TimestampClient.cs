using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Timestamps;

namespace Signet.Client.Services;

/// <summary>
/// An RFC 3161 client for sigstore timestamp-authority's <c>POST /api/v1/timestamp</c>: sends a SHA-256 imprint of
/// the signature with a random nonce and certReq, and checks the reply answers that query (status, imprint, nonce).
/// The URL is the endpoint itself, as signing configs list it (<c>…/api/v1/timestamp</c>); a bare base URL gets
/// that path appended.
/// </summary>
/// <param name="http">The HTTP client requests go through.</param>
/// <param name="baseUrl">The TSA's endpoint (its <c>tsaUrls</c> entry in the signing config) or base URL.</param>
public sealed class TimestampClient(HttpClient http, Uri baseUrl) : SigstoreServiceClient(http, baseUrl, "the timestamp authority"), ITimestamper
{
    private Uri Endpoint => BaseUrl.AbsolutePath.TrimEnd('/').EndsWith("/api/v1/timestamp", StringComparison.Ordinal)
        ? BaseUrl
        : At("/api/v1/timestamp");

    /// <summary>Time-stamps <paramref name="signature"/>; returns the DER <c>TimeStampResp</c> a bundle carries.</summary>
    /// <param name="signature">The signature bytes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SigstoreServiceException">The TSA was unreachable, refused, or answered another request.</exception>
    public async Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] &= 0x7F;
        nonce[0] |= 0x01;
        var request = Rfc3161TimestampRequest.CreateFromData(
            signature.Span, HashAlgorithmName.SHA256, nonce: nonce, requestSignerCertificates: true);
        var reply = await PostAsync(
            Endpoint, request.Encode(), Rfc3161MediaTypes.Query, Rfc3161MediaTypes.Reply, cancellationToken).ConfigureAwait(false);
        try
        {
            // RFC 3161 §2.4.2: status granted, imprint and nonce as sent (ProcessResponse checks all three).
            _ = request.ProcessResponse(reply, out var consumed);
            if (consumed != reply.Length)
            {
                throw new SignetFormatException("timestamp reply: trailing bytes after TimeStampResp");
            }
        }
        catch (CryptographicException e)
        {
            throw new SigstoreServiceException($"the timestamp authority sent an unusable reply: {e.Message}", e);
        }

        return reply;
    }
}
