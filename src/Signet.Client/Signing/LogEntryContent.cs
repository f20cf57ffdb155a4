using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Client.Signing;

/// <summary>
/// What a log entry records of one signing: the payload, the signature, the digest the signature covers (the
/// artifact's digest, or for DSSE the digest of the PAE, as client-spec §4.4 logs it for hashedrekord; of the hash the
/// algorithm registry gives <see cref="Algorithm"/>), and the verifier (the signing certificate, or the public key
/// when signing with a key).
/// </summary>
/// <param name="Payload">The artifact or DSSE payload that was signed.</param>
/// <param name="Signature">The signature bytes.</param>
/// <param name="Digest">The <see cref="DigestHash"/> digest of the signed bytes (artifact, or DSSE PAE).</param>
/// <param name="PublicKey">The signer's public key.</param>
/// <param name="Algorithm">The signature algorithm (an Ed25519 key's message signature: <see cref="SigningAlgorithm.PkixEd25519Ph"/>).</param>
/// <param name="Certificate">The signing certificate (DER) of a keyless signing, else null.</param>
public sealed record LogEntryContent(
    SigningPayload Payload, byte[] Signature, byte[] Digest, VerificationKey PublicKey, SigningAlgorithm Algorithm, byte[]? Certificate)
{
    /// <summary>The hash of <see cref="Digest"/>: SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521 and Ed25519.</summary>
    public System.Security.Cryptography.HashAlgorithmName DigestHash => SigningAlgorithms.HashOf(Algorithm);

    /// <summary>The verifier as PEM: the certificate when there is one, else the public key (Rekor v1 entries carry it so).</summary>
    public string VerifierPem => Certificate is not null ? Pem.Encode(PemLabels.Certificate, Certificate) : PublicKey.ToPem();
}
