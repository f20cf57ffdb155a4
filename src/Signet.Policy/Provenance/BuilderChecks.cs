using Signet.Core.Verification;

namespace Signet.Policy.Provenance;

/// <summary>
/// slsa-verifier's builder checks (gha/builder.go VerifyBuilderIdentity, gha/provenance.go VerifyProvenance): which
/// workflow signed, whether it is trusted, and whether the provenance's builder ID agrees with it or with the caller.
/// </summary>
internal static class BuilderChecks
{
    /// <summary>JReleaser's builders are versioned vX.Y.Z-LANGUAGE (slsa-github-generator issue 2035).</summary>
    private const string JReleaserBuilder = "https://github.com/jreleaser/release-action/.github/workflows/builder_slsa3.yml";

    /// <summary>
    /// The signing workflow must be a default trusted builder (no builder ID given) or the one given; a trusted BYOB
    /// delegator defers the builder ID to the provenance. Its ref must be a release tag vX.Y.Z.
    /// </summary>
    public static (BuilderId Builder, bool Byob) SigningWorkflow(WorkflowIdentity workflow, string? expected, IReadOnlySet<string> defaults, ProvenanceOptions options)
    {
        var builder = workflow.Builder;
        var byob = TrustedBuilders.Delegators.Contains(builder.Name) && defaults.Contains(builder.Name);
        if (string.IsNullOrEmpty(expected))
        {
            if (!defaults.Contains(builder.Name))
            {
                throw Untrusted($"{builder.Name} is not a trusted builder (give --builder-id to trust another)");
            }
        }
        else if (!byob && builder.Mismatch(expected, allowRef: true) is { } why)
        {
            throw Untrusted($"the provenance was signed by {builder}: {why}");
        }

        // slsa-verifier's testing mode: its own end-to-end builds run the builders at main or at a pre-release.
        var e2e = options.SlsaGeneratorEndToEndTestsUnsafe
            && (workflow.SourceRepository == TrustedBuilders.GeneratorRepository || workflow.SourceRepository == TrustedBuilders.EndToEndRepository);
        if (!(e2e && builder.Version == "refs/heads/main"))
        {
            RequireReleaseTag(builder.Version, "the builder workflow", allowPrerelease: e2e);
        }

        return (builder, byob);
    }

    /// <summary>Not a delegator: the provenance must name exactly the builder that signed it.</summary>
    public static string ExactBuilder(SlsaProvenance provenance, BuilderId signer)
    {
        var id = BuilderId.Parse(provenance.BuilderId, needVersion: false, "provenance builder ID");
        if (id.Mismatch(signer.ToString(), allowRef: true, full: true) is { } why)
        {
            throw new VerificationException(VerificationErrorCode.BuilderIdMismatch, $"builderID does not match provenance: {why}");
        }

        return id.ToString();
    }

    /// <summary>
    /// A delegator signed: the provenance names the trusted reusable workflow (TRW) it ran, at a release tag. Without a
    /// builder ID only the SLSA GitHub generator's own builders are trusted; with one it must name that builder.
    /// </summary>
    public static string DelegatedBuilder(SlsaProvenance provenance, string? expected, ProvenanceOptions options)
    {
        var parts = provenance.BuilderId.Split('@');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new VerificationException(VerificationErrorCode.BuilderIdMismatch, $"builderID does not match provenance: '{provenance.BuilderId}' is not NAME@REF");
        }

        if (parts[0].StartsWith(JReleaserBuilder, StringComparison.Ordinal))
        {
            RequireJReleaserTag(parts[1]);
        }
        else if (options.SlsaGeneratorEndToEndTestsUnsafe && EndToEndDelegation(provenance, parts[1]))
        {
            // slsa-verifier's testing mode: the end-to-end repository's builds may run a builder at main, and the
            // generator's own builds a builder at any ref.
        }
        else
        {
            RequireReleaseTag(parts[1], "the delegated builder");
        }

        var id = new BuilderId(parts[0], parts[1]);
        if (string.IsNullOrEmpty(expected))
        {
            if (!id.Name.StartsWith(TrustedBuilders.GeneratorWorkflowsPrefix, StringComparison.Ordinal))
            {
                throw new VerificationException(VerificationErrorCode.BuilderIdMismatch,
                    $"builderID does not match provenance: the delegated builder {id.Name} is not one of {TrustedBuilders.GeneratorWorkflowsPrefix}… (give --builder-id to trust it)");
            }

            expected = id.Name;
        }

        if (id.Mismatch(expected, allowRef: true) is { } why)
        {
            throw new VerificationException(VerificationErrorCode.BuilderIdMismatch, $"builderID does not match provenance: {why}");
        }

        return id.ToString();
    }

    /// <summary>
    /// GitHub's build attestations (slsa-verifier verify-github-attestation): no builder is trusted by default; the
    /// certificate's signing workflow must be the builder named, at a release tag, and the provenance must name it too.
    /// </summary>
    public static string GitHubAttestation(WorkflowIdentity workflow, SlsaProvenance provenance, string? expected)
    {
        if (string.IsNullOrEmpty(expected))
        {
            throw Untrusted($"GitHub attestations are trusted only for a named builder; the signer was {workflow.Builder} (give --builder-id)");
        }

        if (workflow.Builder.Mismatch(expected, allowRef: true) is { } why)
        {
            throw Untrusted($"the attestation was signed by {workflow.Builder}: {why}");
        }

        RequireReleaseTag(workflow.Builder.Version, "the builder workflow");
        var id = BuilderId.Parse(provenance.BuilderId, needVersion: false, "provenance builder ID");
        if (id.Mismatch(expected, allowRef: true) is { } mismatch)
        {
            throw new VerificationException(VerificationErrorCode.BuilderIdMismatch, $"builderID does not match provenance: {mismatch}");
        }

        return id.ToString();
    }

    private static bool EndToEndDelegation(SlsaProvenance provenance, string builderRef)
    {
        var (uri, _) = GitRefs.SplitUriAndRef(provenance.SourceUri(), "source");
        return (uri == "git+https://github.com/" + TrustedBuilders.EndToEndRepository && builderRef == "refs/heads/main")
            || uri == "git+https://github.com/" + TrustedBuilders.GeneratorRepository;
    }

    /// <summary>
    /// slsa-verifier IsValidBuilderTag: <c>refs/tags/vX.Y.Z</c>, a full semver without pre-release or build (in its
    /// testing mode a pre-release is allowed: the version core still has three parts and there is no build).
    /// </summary>
    private static void RequireReleaseTag(string gitRef, string what, bool allowPrerelease = false)
    {
        var pin = GitRefs.TagOf(gitRef);
        var core = pin.Split('-')[0];
        if (!GoSemver.TryParse(pin, out var v) || (allowPrerelease ? core : pin).Split('.').Length != 3
            || (!allowPrerelease && v.Prerelease.Length > 0) || v.Build.Length > 0)
        {
            throw new VerificationException(VerificationErrorCode.InvalidRef, $"invalid ref: {what} is at '{pin}', not a release tag of the form vX.Y.Z");
        }
    }

    private static void RequireJReleaserTag(string gitRef)
    {
        var pin = GitRefs.TagOf(gitRef);
        if (!GoSemver.TryParse(pin, out var v) || pin.Split('.').Length != 3 || v.Prerelease != "-java" || v.Build.Length > 0)
        {
            throw new VerificationException(VerificationErrorCode.InvalidRef, $"invalid ref: the JReleaser builder is at '{pin}', not vX.Y.Z-<language>");
        }
    }

    private static VerificationException Untrusted(string why) => new(VerificationErrorCode.UntrustedBuilder, "untrusted reusable workflow: " + why);
}
