using Signet.Core;
using Signet.Core.InToto;
using Signet.Core.Verification;

namespace Signet.Policy.Provenance;

/// <summary>What the provenance is about, which decides the builders trusted without a builder ID.</summary>
public enum ProvenanceSubject
{
    /// <summary>A file (slsa-verifier verify-artifact): the generic, Go and container-based builders and the BYOB delegators.</summary>
    Artifact,

    /// <summary>A container image (slsa-verifier verify-image): the container generator and the BYOB delegators.</summary>
    Image,
}

/// <summary>
/// Verifies SLSA provenance the way slsa-verifier does (verifiers/internal/gha): the Sigstore bundle with the one bundle
/// verifier (keyless, a github.com workflow identity from GitHub's OIDC issuer, the artifact among the subjects), then
/// the signing workflow is a trusted builder at a vX.Y.Z tag (or the one asked for), the source repository in the
/// certificate, the builder ID in the provenance, and the source, branch, tag and versioned tag in the provenance.
/// GitHub's own build attestations (buildType actions.github.io/buildtypes/workflow/v1, slsa-verifier
/// verify-github-attestation) are trusted only for a builder the caller names. Thread-safe.
/// </summary>
/// <param name="verifier">The bundle verifier (its trusted root and options).</param>
/// <param name="options">What the provenance must name (default: <see cref="ProvenanceOptions.Default"/>).</param>
public sealed class ProvenanceVerifier(Verifier verifier, ProvenanceOptions? options = null)
{
    private readonly Verifier _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
    private readonly ProvenanceOptions _options = options ?? ProvenanceOptions.Default;

    /// <summary>The predicate types of the provenance Signet reads: SLSA provenance v1 and v0.2.</summary>
    public static IReadOnlyList<string> PredicateTypes { get; } = [SlsaPredicateTypes.V1, SlsaPredicateTypes.V02];

    /// <summary>The identity every provenance signer must have before the builder checks: a github.com workflow, GitHub's issuer.</summary>
    public static VerificationPolicy SigningPolicy { get; } = VerificationPolicy.ForIdentity(
        new CertificateIdentity(StringMatcher.Regex("^https://github\\.com/"), StringMatcher.Exact(TrustedBuilders.GitHubActionsIssuer)));

    /// <summary>Verifies <paramref name="provenance"/> (a Sigstore bundle) for <paramref name="artifact"/>.</summary>
    /// <exception cref="VerificationException">A check failed; the code names it (e.g. <see cref="VerificationErrorCode.SourceMismatch"/>).</exception>
    /// <exception cref="SignetFormatException">The bundle, the statement or the requirements are malformed, or it is not SLSA provenance.</exception>
    public VerifiedProvenance Verify(Core.Bundles.Bundle provenance, Artifact artifact, ProvenanceRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        requirements.Validate();
        var result = _verifier.Verify(provenance, artifact, SigningPolicy);
        return Check(result, requirements, ProvenanceSubject.Artifact, _options);
    }

    /// <summary>
    /// The provenance checks over a bundle that already verified under <see cref="SigningPolicy"/> (e.g. an image's
    /// attestation found in a registry). Pure.
    /// </summary>
    /// <exception cref="VerificationException">A check failed.</exception>
    /// <exception cref="SignetFormatException">The statement is not SLSA provenance, or the requirements are malformed.</exception>
    public static VerifiedProvenance Check(VerificationResult verified, ProvenanceRequirements requirements, ProvenanceSubject subject, ProvenanceOptions? options = null)
    {
        options ??= ProvenanceOptions.Default;
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(requirements);
        requirements.Validate();
        var statement = verified.Statement
            ?? throw new SignetFormatException("provenance: the bundle holds a message signature, not an in-toto statement");
        var cert = verified.Certificate
            ?? throw new VerificationException(VerificationErrorCode.UntrustedBuilder, "provenance signed with a key: only a builder's keyless certificate identifies it");
        var parsed = InTotoStatement.Parse(statement.Payload);
        var provenance = SlsaProvenance.Parse(parsed.PredicateType, parsed.Predicate);
        var workflow = WorkflowIdentity.From(cert);
        if (workflow.Issuer != TrustedBuilders.GitHubActionsIssuer)
        {
            throw new VerificationException(VerificationErrorCode.UntrustedBuilder, $"invalid OIDC issuer '{workflow.Issuer}': provenance must come from GitHub Actions");
        }

        string builderId;
        if (provenance.BuildType == SlsaPredicateTypes.GitHubWorkflowBuildType)
        {
            builderId = BuilderChecks.GitHubAttestation(workflow, provenance, requirements.BuilderId);
            CheckSourceRepository(workflow, requirements.SourceUri);
        }
        else
        {
            var defaults = subject == ProvenanceSubject.Image ? TrustedBuilders.Image : TrustedBuilders.Artifact;
            var (certBuilder, byob) = BuilderChecks.SigningWorkflow(workflow, requirements.BuilderId, defaults, options);
            CheckSourceRepository(workflow, requirements.SourceUri);
            builderId = byob ? BuilderChecks.DelegatedBuilder(provenance, requirements.BuilderId, options) : BuilderChecks.ExactBuilder(provenance, certBuilder);
        }

        SourceChecks.Check(provenance, requirements);
        var level = SlsaBuildLevel.Assess(workflow.Builder.ToString(), RepositoryOf(workflow.SubjectWorkflowName), workflow.SourceRepository);
        return new VerifiedProvenance(verified, builderId, workflow.Builder.ToString(), provenance.SourceUri(), workflow.SourceSha1, provenance.BuildType, level);
    }

    /// <summary>slsa-verifier VerifyCertficateSourceRepository: the certificate's repository is the one asked for.</summary>
    internal static void CheckSourceRepository(WorkflowIdentity workflow, string sourceUri)
    {
        var expected = sourceUri.StartsWith("git+https://", StringComparison.Ordinal) ? sourceUri["git+https://".Length..] : sourceUri;
        expected = expected.StartsWith("github.com/", StringComparison.Ordinal) ? expected["github.com/".Length..] : expected;
        if (workflow.SourceRepository != expected)
        {
            throw new VerificationException(VerificationErrorCode.SourceMismatch,
                $"source used to generate the binary does not match provenance: expected source '{expected}', the certificate says '{workflow.SourceRepository}'");
        }
    }

    private static string RepositoryOf(string workflowName)
    {
        var path = workflowName.StartsWith("https://github.com/", StringComparison.Ordinal) ? workflowName["https://github.com/".Length..] : workflowName;
        var parts = path.Split('/');
        return parts.Length >= 2 ? $"{parts[0]}/{parts[1]}" : path;
    }
}
