using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Oci;
using Signet.Oci.Signatures;

namespace Signet.Policy.Policies;

/// <summary>Something verified under one authority that the policy's checks can use.</summary>
/// <param name="Source">Where it came from (a bundle file, a registry artifact).</param>
/// <param name="Result">What the bundle verifier established.</param>
public sealed record VerifiedEvidence(string Source, VerificationResult Result);

/// <summary>What was found for one authority: the items that verified under it, and why each other one did not.</summary>
/// <param name="Verified">The verified signatures or attestations.</param>
/// <param name="Rejected">Each other item, with its reason.</param>
public sealed record TargetEvidence(IReadOnlyList<VerifiedEvidence> Verified, IReadOnlyList<string> Rejected);

/// <summary>
/// What a policy is evaluated against: an image in a registry, or an artifact with its bundles. It finds the
/// signatures (or the attestations of a predicate type) and verifies each with the verifier and identity it is given.
/// </summary>
public abstract class PolicyTarget
{
    /// <summary>The target, for output (an image reference with its digest, or a file).</summary>
    public abstract string Description { get; }

    /// <summary>What signatures and statements must be about (the image digest, or the artifact).</summary>
    public abstract Artifact Artifact { get; }

    /// <summary>The image reference globs are matched against; null for an artifact (globs do not apply).</summary>
    public abstract string? ImageReference { get; }

    /// <summary>Verifies every signature (<paramref name="predicateType"/> null) or attestation of that type.</summary>
    public abstract Task<TargetEvidence> VerifyAsync(Verifier verifier, VerificationPolicy policy, string? predicateType, CancellationToken cancellationToken);

    /// <summary>An artifact and the bundles given for it (message signatures, and DSSE attestations about it).</summary>
    public static PolicyTarget ForArtifact(string description, Artifact artifact, IReadOnlyList<(string Source, Bundle Bundle)> bundles)
        => new ArtifactTarget(description, artifact, bundles);

    /// <summary>An image manifest digest in a registry: its signatures and attestations in both of cosign's layouts.</summary>
    public static PolicyTarget ForImage(RegistryClient client, ImageReference image, OciDigest digest, SignatureLayouts layouts = SignatureLayouts.Both)
        => new ImageTarget(client, image, digest, layouts);

    private sealed class ArtifactTarget(string description, Artifact artifact, IReadOnlyList<(string Source, Bundle Bundle)> bundles) : PolicyTarget
    {
        public override string Description => description;

        public override Artifact Artifact => artifact;

        public override string? ImageReference => null;

        public override Task<TargetEvidence> VerifyAsync(Verifier verifier, VerificationPolicy policy, string? predicateType, CancellationToken cancellationToken)
        {
            var verified = new List<VerifiedEvidence>();
            var rejected = new List<string>();
            foreach (var (source, bundle) in bundles)
            {
                // A signature authority takes message signatures; an attestation requirement takes DSSE statements of its type.
                if ((predicateType is null) != (bundle.MessageSignature is not null))
                {
                    continue;
                }

                try
                {
                    var result = verifier.Verify(bundle, artifact, policy);
                    if (predicateType is not null && result.Statement?.PredicateType != predicateType)
                    {
                        rejected.Add($"{source}: predicate type {result.Statement?.PredicateType}, not {predicateType}");
                        continue;
                    }

                    verified.Add(new VerifiedEvidence(source, result));
                }
                catch (VerificationException e)
                {
                    rejected.Add($"{source}: {e.Step}: {e.Message}");
                }
                catch (SignetFormatException e)
                {
                    rejected.Add($"{source}: malformed: {e.Message}");
                }
            }

            return Task.FromResult(new TargetEvidence(verified, rejected));
        }
    }

    private sealed class ImageTarget(RegistryClient client, ImageReference image, OciDigest digest, SignatureLayouts layouts) : PolicyTarget
    {
        public override string Description => image.WithDigest(digest).ToString();

        public override Artifact Artifact { get; } =
            Artifact.FromDigest(digest.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256, digest.ToBytes());

        public override string? ImageReference => image.ToString();

        public override async Task<TargetEvidence> VerifyAsync(Verifier verifier, VerificationPolicy policy, string? predicateType, CancellationToken cancellationToken)
        {
            var found = await ImageVerifier.VerifyAsync(client, image, digest, verifier, policy, predicateType, layouts, cancellationToken).ConfigureAwait(false);
            return new TargetEvidence(
                found.Verified.Select(v => new VerifiedEvidence($"{v.Layout} {v.Source}", v.Result)).ToArray(),
                found.Rejected.Select(r => $"{r.Source}: {r.Reason}").ToArray());
        }
    }
}
