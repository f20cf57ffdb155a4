namespace Signet.Client.Signing;

/// <summary>
/// A timestamp authority as a signer uses it (sigstore-go <c>pkg/sign</c> <c>Timestamper</c>): an RFC 3161 time-stamp
/// over the signature's bytes. <see cref="Services.TimestampClient"/> is the one over HTTP.
/// </summary>
public interface ITimestamper
{
    /// <summary>Time-stamps <paramref name="signature"/> (RFC 3161 §2.4.1, a SHA-256 message imprint of it).</summary>
    /// <param name="signature">The signature bytes the bundle carries.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The DER <c>TimeStampResp</c>, already checked to answer this request (status, imprint, nonce).</returns>
    Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> signature, CancellationToken cancellationToken);
}
