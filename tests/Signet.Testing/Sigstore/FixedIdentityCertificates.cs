using Signet.Ca.Identity;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Keys;

namespace Signet.Testing.Sigstore;

/// <summary>
/// A certificate provider that has the in-memory CA issue every leaf for one fixed principal (its SAN kind and value,
/// issuer and extensions), whatever the token says: Fulcio's profile with an SCT, for identities no token may carry
/// (<see cref="InMemoryCertificateAuthority.IssueAsync(Principal, VerificationKey, CancellationToken)"/>). For
/// verifier tests only.
/// </summary>
public sealed class FixedIdentityCertificates(InMemoryCertificateAuthority ca, Principal principal) : ICertificateProvider
{
    /// <summary>A URI-SAN principal of the in-memory issuer (as Fulcio issues for CI workflow identities).</summary>
    public static Principal Uri(string san) =>
        new(SanKind.Uri, san, InMemoryIdentityToken.Issuer, [new IdentityExtension(Signet.Core.Certificates.FulcioOids.Issuer, InMemoryIdentityToken.Issuer, true)], "");

    /// <inheritdoc/>
    public Task<IReadOnlyList<byte[]>> CreateSigningCertificateAsync(
        IdentityToken token, VerificationKey publicKey, byte[] proofOfPossession, CancellationToken cancellationToken) =>
        ca.IssueAsync(principal, publicKey, cancellationToken);
}
