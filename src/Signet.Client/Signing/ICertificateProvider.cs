using Signet.Client.Identity;
using Signet.Core.Keys;

namespace Signet.Client.Signing;

/// <summary>
/// Where a keyless signer gets its certificate (sigstore-go <c>pkg/sign</c> <c>CertificateProvider</c>): the identity
/// token, the ephemeral public key and a proof of possession go in, a short-lived code-signing certificate chain for
/// that key comes out. <see cref="Services.FulcioClient"/> is the one over HTTP (Fulcio's v2 API).
/// </summary>
public interface ICertificateProvider
{
    /// <summary>Requests a certificate binding <paramref name="publicKey"/> to the identity in <paramref name="token"/>.</summary>
    /// <param name="token">The signer's OIDC identity token.</param>
    /// <param name="publicKey">The key the certificate is for.</param>
    /// <param name="proofOfPossession">The key's signature over the token's challenge (<see cref="IdentityToken.Challenge"/>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The chain as DER, leaf first.</returns>
    Task<IReadOnlyList<byte[]>> CreateSigningCertificateAsync(
        IdentityToken token, VerificationKey publicKey, byte[] proofOfPossession, CancellationToken cancellationToken);
}
