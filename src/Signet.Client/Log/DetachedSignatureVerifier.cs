using System.Security.Cryptography;
using Signet.Client.Services;
using Signet.Core.Bundles;
using Signet.Core.Bundles.Legacy;
using Signet.Core.Certificates;
using Signet.Core.Verification;

namespace Signet.Client.Log;

/// <summary>
/// Verifies a detached signature (cosign's <c>.sig</c> with its <c>.crt</c>, or a key) whose log entry is not at hand, as
/// cosign <c>verify-blob</c> does without a bundle: search the Rekor v1 index by the artifact's SHA-256
/// (<c>POST /api/v1/index/retrieve</c>), fetch each entry with its inclusion proof and SET, and give the one verifier the
/// bundle that signature and entry make; the first entry with which it verifies wins. The verifier checks the entry's body
/// against the signature and certificate, the SET, and the inclusion proof against the log's signed checkpoint.
/// </summary>
/// <param name="log">The Rekor v1 log to search.</param>
/// <param name="verifier">The verifier (trust material parsed once).</param>
public sealed class DetachedSignatureVerifier(RekorV1Client log, Verifier verifier)
{
    /// <summary>Verifies <paramref name="signature"/> over <paramref name="artifact"/> under <paramref name="policy"/>.</summary>
    /// <exception cref="VerificationException">No entry of the log records this signature, or it does not verify.</exception>
    /// <exception cref="SigstoreServiceException">The log is unreachable.</exception>
    public async Task<VerificationResult> VerifyAsync(DetachedSignature signature, Artifact artifact, VerificationPolicy policy, CancellationToken cancellationToken)
        => (await FindAsync(signature, artifact, policy, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>
    /// Like <see cref="VerifyAsync"/>, also returning the bundle that verified (the signature with its log entry, inclusion
    /// proof and SET), e.g. to keep it as a v0.3 bundle.
    /// </summary>
    /// <exception cref="VerificationException">No entry of the log records this signature, or it does not verify.</exception>
    /// <exception cref="SigstoreServiceException">The log is unreachable.</exception>
    public async Task<(VerificationResult Result, Bundle Bundle)> FindAsync(DetachedSignature signature, Artifact artifact, VerificationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(policy);

        // Who signed is known before any request: a certificate the policy refuses is refused without going online.
        if (signature.CertificateChain is { Count: > 0 } chain)
        {
            using var leaf = CertificateDecoder.Load(chain[0], "signing certificate");
            if (policy.PublicKey is null && policy.Mismatch(FulcioCertificate.From(leaf)) is { } why)
            {
                throw new VerificationException(VerificationErrorCode.IdentityMismatch, why);
            }
        }

        var digest = artifact.GetDigest(HashAlgorithmName.SHA256)
            ?? throw new VerificationException(VerificationErrorCode.ArtifactMismatch, "the log is searched by the artifact's SHA-256, and only another digest is known");
        var uuids = await log.SearchByHashAsync("sha256", digest, cancellationToken).ConfigureAwait(false);
        if (uuids.Count == 0)
        {
            throw new VerificationException(
                VerificationErrorCode.InsufficientTransparencyLogEntries,
                $"the log at {log.BaseUrl} has no entry for sha256:{Convert.ToHexStringLower(digest)}");
        }

        VerificationException? refusal = null;
        foreach (var uuid in uuids)
        {
            var entry = await log.GetEntryAsync(uuid, cancellationToken).ConfigureAwait(false);
            var bundle = signature.WithEntries([entry]).ToBundle(new HashOutput("SHA2_256", digest));
            try
            {
                return (verifier.Verify(bundle, artifact, policy), bundle);
            }
            catch (VerificationException e)
            {
                // An entry recording someone else's signature of the same artifact is expected; any other failure is kept first.
                if (refusal is null || refusal.Code == VerificationErrorCode.TransparencyLogEntryMismatch)
                {
                    refusal = e;
                }
            }
        }

        throw refusal!.Code == VerificationErrorCode.TransparencyLogEntryMismatch
            ? new VerificationException(
                VerificationErrorCode.TransparencyLogEntryMismatch,
                $"none of the {uuids.Count} entries of the log at {log.BaseUrl} for this artifact records this signature and {(signature.CertificateChain is null ? "key" : "certificate")}")
            : refusal;
    }
}
