using Signet.Core.Verification;

namespace Signet.Policy.Provenance;

/// <summary>What provenance that passed every check establishes.</summary>
/// <param name="Sigstore">The bundle verification: certificate, times, log entries, the statement.</param>
/// <param name="BuilderId">The builder that made the artifact (for a delegator, the builder it ran), with its ref.</param>
/// <param name="SigningWorkflow">The workflow the signing certificate was issued to (<c>https://github.com/…@REF</c>).</param>
/// <param name="SourceUri">The source repository and ref the provenance records.</param>
/// <param name="SourceDigest">The source commit, from the certificate.</param>
/// <param name="BuildType">The provenance's build type.</param>
/// <param name="Level">The SLSA Build level the evidence supports, and why.</param>
public sealed record VerifiedProvenance(
    VerificationResult Sigstore,
    string BuilderId,
    string SigningWorkflow,
    string SourceUri,
    string SourceDigest,
    string BuildType,
    SlsaBuildLevel Level)
{
    /// <summary>The verified in-toto statement (JSON).</summary>
    public byte[] Statement => Sigstore.Statement!.Payload;

    /// <summary>The statement's predicate type (SLSA provenance v0.2 or v1).</summary>
    public string PredicateType => Sigstore.Statement!.PredicateType;
}

/// <summary>A SLSA v1.0 Build level (slsa.dev/spec/v1.0/levels) and the evidence for it.</summary>
/// <param name="Level">1, 2 or 3.</param>
/// <param name="Reason">Why the evidence supports this level and not the next.</param>
public sealed record SlsaBuildLevel(int Level, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"SLSA Build L{Level}: {Reason}";

    /// <summary>
    /// The level verified keyless provenance supports. L2 needs a hosted platform that signs the provenance (a Fulcio
    /// certificate bound to a GitHub-hosted workflow, logged in Rekor). L3 also needs the provenance to be unforgeable by
    /// the build's own steps: it is signed by a reusable workflow from another repository, running as its own job,
    /// which the calling workflow cannot influence (slsa.dev/spec/v1.0/requirements "Isolated", "Provenance: unforgeable").
    /// </summary>
    internal static SlsaBuildLevel Assess(string signingWorkflow, string signerRepository, string sourceRepository)
    {
        if (signerRepository != sourceRepository)
        {
            return new SlsaBuildLevel(3,
                $"signed by the trusted reusable workflow {signingWorkflow}, isolated from {sourceRepository}'s own steps in its own job on a hosted runner, " +
                "with a short-lived Fulcio certificate bound to that workflow and logged in Rekor, so the build's steps cannot forge it");
        }

        return new SlsaBuildLevel(2,
            $"signed on a hosted GitHub Actions runner with a Fulcio certificate for {signingWorkflow}, logged in Rekor; " +
            "the signing workflow belongs to the source repository, so the build's own steps could have influenced what it signed (L3 needs an isolated builder)");
    }
}
