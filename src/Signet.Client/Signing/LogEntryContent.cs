using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Client.Signing;

/// <summary>
/// What a log entry records of one signing: the payload, the signature, the digest the signature covers (the
/// artifact's SHA-256, or for DSSE the SHA-256 of the PAE, as client-spec §4.4 logs it for hashedrekord), and the
/// verifier (the signing certificate, or the public key when signing with a key).
/// </summary>
/// <param name="Payload">The artifact or DSSE payload that was signed.</param>
/// <param name="Signature">The signature bytes.</param>
/// <param name="Digest">SHA-256 of the signed bytes (artifact, or DSSE PAE).</param>
/// <param name="PublicKey">The signer's public key.</param>
/// <param name="Algorithm">The signature algorithm.</param>
/// <param name="Certificate">The signing certificate (DER) of a keyless signing, else null.</param>
public sealed record LogEntryContent(
    SigningPayload Payload, byte[] Signature, byte[] Digest, VerificationKey PublicKey, SigningAlgorithm Algorithm, byte[]? Certificate)
{
    /// <summary>The verifier as PEM: the certificate when there is one, else the public key (Rekor v1 entries carry it so).</summary>
    public string VerifierPem => Certificate is not null ? Pem.Encode(PemLabels.Certificate, Certificate) : PublicKey.ToPem();
}
