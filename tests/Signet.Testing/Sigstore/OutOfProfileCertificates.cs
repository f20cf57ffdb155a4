using System.Security.Cryptography.X509Certificates;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Keys;

namespace Signet.Testing.Sigstore;

/// <summary>
/// A certificate provider that issues, with the in-memory CA's key, certificates outside Fulcio's profile: the
/// extensions and validity given, nothing else (no SCT unless an extension carries one). For verifier tests only.
/// </summary>
public sealed class OutOfProfileCertificates(
    InMemoryCertificateAuthority ca, IReadOnlyList<X509Extension> extensions, DateTimeOffset notBefore, DateTimeOffset notAfter) : ICertificateProvider
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<byte[]>> CreateSigningCertificateAsync(
        IdentityToken token, VerificationKey publicKey, byte[] proofOfPossession, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return Task.FromResult<IReadOnlyList<byte[]>>([ca.IssueOutOfProfile(publicKey, extensions, notBefore, notAfter), ca.Root.RawData]);
    }
}
