namespace Signet.Ca;

/// <summary>
/// Fulcio's <c>CreateSigningCertificateRequest</c> (fulcio.proto): the identity token plus either a public key with
/// a proof of possession (a signature over the token's challenge claim) or a PEM PKCS#10 CSR.
/// </summary>
public sealed record SigningCertificateRequest(string IdentityToken, byte[]? PublicKeySpki, byte[]? ProofOfPossession, string? CertificateSigningRequestPem);
