using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Verification;

namespace Signet.Oci.Signatures;

/// <summary>One signature or attestation of an image that verified.</summary>
/// <param name="Layout"><c>bundle</c> (OCI 1.1 referrer) or <c>legacy</c> (cosign's tag layout).</param>
/// <param name="Source">Where it was found (the artifact digest, or the tag and layer).</param>
/// <param name="Result">What the verifier established: identity, times, log entries, statement.</param>
public sealed record VerifiedImageSignature(string Layout, string Source, VerificationResult Result);

/// <summary>What verifying an image found: every verified signature, and why each other one was rejected.</summary>
/// <param name="Digest">The image manifest digest the signatures were checked against.</param>
/// <param name="Verified">Each signature that verified under the policy.</param>
/// <param name="Rejected">Each attached item that did not, with the reason (the failed step, or malformed).</param>
public sealed record ImageVerification(OciDigest Digest, IReadOnlyList<VerifiedImageSignature> Verified, IReadOnlyList<DiscoveryFailure> Rejected);

/// <summary>
/// Verifies the signatures (or attestations of one predicate type) attached to an image digest, in both layouts,
/// with the one bundle verifier: a legacy layer is turned into the bundle it amounts to, and its simple-signing
/// payload must name the image digest; a bundle's DSSE statement must have the image digest among its subjects
/// (checked by the verifier) and the expected predicate type. Every attached item is tried; none is trusted unverified.
/// </summary>
public static class ImageVerifier
{
    /// <summary>Finds and verifies what is attached to <paramref name="digest"/> of <paramref name="image"/>'s repository.</summary>
    /// <param name="client">The registry.</param>
    /// <param name="image">The image (its repository is searched).</param>
    /// <param name="digest">The manifest digest the signatures must be about.</param>
    /// <param name="verifier">The bundle verifier (trusted material and options).</param>
    /// <param name="policy">The identity or key the signer must have.</param>
    /// <param name="attestationPredicateType">Verify attestations of this predicate type instead of signatures.</param>
    /// <param name="layouts">Which layouts to read.</param>
    /// <param name="cancellationToken">Cancels the registry requests.</param>
    /// <returns>Every verified signature and every rejection; the image verified when <see cref="ImageVerification.Verified"/> is not empty.</returns>
    /// <exception cref="RegistryException">The registry failed (unreachable, unauthorized, …): nothing could be checked.</exception>
    public static async Task<ImageVerification> VerifyAsync(RegistryClient client, ImageReference image, OciDigest digest, Verifier verifier,
        VerificationPolicy policy, string? attestationPredicateType = null, SignatureLayouts layouts = SignatureLayouts.Both,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(verifier);
        var attestation = attestationPredicateType is not null;
        var suffix = attestation ? CosignAnnotations.AttestationTagSuffix : CosignAnnotations.SignatureTagSuffix;
        var found = await SignatureDiscovery.FindAsync(client, image.Repository, digest, suffix, layouts, cancellationToken).ConfigureAwait(false);
        var wantedType = attestationPredicateType ?? CosignAnnotations.CosignSignPredicateType;
        var imageArtifact = Artifact.FromDigest(digest.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256, digest.ToBytes());
        var verified = new List<VerifiedImageSignature>();
        var rejected = new List<DiscoveryFailure>(found.Failures);

        for (var i = 0; i < found.Legacy.Count; i++)
        {
            var layer = found.Legacy[i];
            var source = $"{image.Repository}:{digest.ToTag(suffix)} layer {i}";
            Try(source, "legacy", rejected, verified, () =>
            {
                if (!attestation)
                {
                    if (layer.MediaType != OciMediaTypes.CosignSimpleSigning)
                    {
                        throw new SignetFormatException($"layer media type {layer.MediaType} is not {OciMediaTypes.CosignSimpleSigning}");
                    }

                    var result = verifier.Verify(LegacyBundleConversion.ToBundle(layer), Artifact.FromBytes(layer.Payload), policy);

                    // SIGNATURE_SPEC §Simple Signing: the signed payload's critical.image.docker-manifest-digest must be
                    // the digest of the image being verified, or a signature of one image would vouch for another.
                    var payload = SimpleSigningPayload.Parse(layer.Payload);
                    return payload.ManifestDigest == digest
                        ? result
                        : throw new VerificationException(VerificationErrorCode.ArtifactMismatch,
                            $"the signed payload names {payload.ManifestDigest}, not the image digest {digest}");
                }

                // ATTESTATION_SPEC: .att layers are DSSE envelopes whose in-toto subjects must include the image digest.
                if (layer.MediaType != OciMediaTypes.DsseEnvelope)
                {
                    throw new SignetFormatException($"layer media type {layer.MediaType} is not {OciMediaTypes.DsseEnvelope}");
                }

                return Expect(verifier.Verify(LegacyBundleConversion.ToBundle(layer), imageArtifact, policy), wantedType);
            });
        }

        foreach (var artifact in found.Bundles)
        {
            // A referrer that says it holds another predicate is not what was asked for: skip it, it is not a failure.
            if (artifact.Annotations.TryGetValue(CosignAnnotations.BundlePredicateType, out var declared) && declared != wantedType)
            {
                continue;
            }

            Try($"artifact {artifact.Manifest.Digest}", "bundle", rejected, verified, () =>
            {
                // BUNDLE_SPEC §Storage: an image's bundle holds a DSSE in-toto statement about the image digest.
                var bundle = Bundle.Parse(artifact.BundleJson);
                if (bundle.DsseEnvelope is null)
                {
                    throw new SignetFormatException("the bundle holds a message signature, which does not name the image; cosign's image bundles hold a DSSE statement");
                }

                return Expect(verifier.Verify(bundle, imageArtifact, policy), wantedType);
            });
        }

        return new ImageVerification(digest, verified, rejected);
    }

    private static VerificationResult Expect(VerificationResult result, string predicateType) =>
        result.Statement?.PredicateType == predicateType
            ? result
            : throw new VerificationException(VerificationErrorCode.PredicateTypeMismatch,
                $"the statement's predicate type is {result.Statement?.PredicateType ?? "missing"}, not {predicateType}");

    private static void Try(string source, string layout, List<DiscoveryFailure> rejected, List<VerifiedImageSignature> verified, Func<VerificationResult> verify)
    {
        try
        {
            verified.Add(new VerifiedImageSignature(layout, source, verify()));
        }
        catch (VerificationException e)
        {
            rejected.Add(new DiscoveryFailure(source, $"{e.Step}: {e.Message}"));
        }
        catch (SignetFormatException e)
        {
            rejected.Add(new DiscoveryFailure(source, "malformed: " + e.Message));
        }
    }
}
