namespace Signet.Core.Verification;

/// <summary>The step of the Sigstore client spec (architecture-docs client-spec.md §4) at which verification stopped.</summary>
public enum VerificationStep
{
    /// <summary>The bundle's shape for its version (entries, proofs, envelope).</summary>
    Bundle,

    /// <summary>§4.1 Establishing a time for the signature: RFC 3161 timestamps and integrated times.</summary>
    Timestamps,

    /// <summary>§4.2 Certificate: chain to a trusted CA at each verified time, and the embedded SCTs.</summary>
    Certificate,

    /// <summary>§4.3 Transparency log: entry matches the bundle, SET, inclusion proof, checkpoint.</summary>
    TransparencyLog,

    /// <summary>§4.4 Signature over the artifact, or DSSE over PAE with the artifact among the subjects.</summary>
    Signature,

    /// <summary>The caller's policy: identity, issuer, GitHub workflow constraints, or expected key.</summary>
    Policy,
}

/// <summary>Why verification failed. Each code belongs to one <see cref="VerificationStep"/>.</summary>
public enum VerificationErrorCode
{
    /// <summary>The bundle lacks what its version requires (e.g. an inclusion proof from v0.2 on).</summary>
    BundleIncomplete,

    /// <summary>An RFC 3161 timestamp did not verify against a trusted timestamp authority.</summary>
    TimestampInvalid,

    /// <summary>Fewer verified times (signed timestamps plus integrated times) than required.</summary>
    InsufficientTimestamps,

    /// <summary>The signing certificate does not chain to a trusted CA that was valid at a verified time.</summary>
    CertificateChainInvalid,

    /// <summary>The signing certificate was not valid at a verified time, or is not a code-signing leaf.</summary>
    CertificateNotValidAtTime,

    /// <summary>No, or not enough, embedded SCTs verified against the trusted CT logs.</summary>
    SignedCertificateTimestampInvalid,

    /// <summary>The log entry names a log the trusted root does not hold, or whose key was not valid then.</summary>
    TransparencyLogUnknown,

    /// <summary>The log entry's body does not describe this bundle's signature, key or artifact.</summary>
    TransparencyLogEntryMismatch,

    /// <summary>The Rekor v1 signed entry timestamp did not verify.</summary>
    SignedEntryTimestampInvalid,

    /// <summary>The inclusion proof does not lead from the entry to the checkpoint's root.</summary>
    InclusionProofInvalid,

    /// <summary>The checkpoint is not signed by the log, or does not match the proof.</summary>
    CheckpointInvalid,

    /// <summary>Fewer verified log entries than required.</summary>
    InsufficientTransparencyLogEntries,

    /// <summary>The checkpoint of a log entry's inclusion proof is cosigned by fewer trusted witnesses than required.</summary>
    WitnessQuorumNotMet,

    /// <summary>The signature does not verify over the artifact (or over PAE for DSSE).</summary>
    SignatureInvalid,

    /// <summary>The artifact is not the one signed: digest hint, or not among the in-toto subjects.</summary>
    ArtifactMismatch,

    /// <summary>The DSSE payload is not an in-toto statement we can check against the artifact.</summary>
    UnsupportedPayload,

    /// <summary>The certificate's identity or issuer does not satisfy the policy.</summary>
    IdentityMismatch,

    /// <summary>The bundle's key material is not what the policy expects (key vs certificate, other key).</summary>
    KeyMismatch,

    /// <summary>The verified attestation's predicate type is not the one asked for.</summary>
    PredicateTypeMismatch,

    // What a verified statement says (Signet.Policy): slsa-verifier's refusals (errors/errors.go) and policy rules.

    /// <summary>The signing workflow is not a trusted builder, or not the one asked for (slsa-verifier ErrorUntrustedReusableWorkflow).</summary>
    UntrustedBuilder,

    /// <summary>The provenance's builder ID is not the one asked for (ErrorMismatchBuilderID).</summary>
    BuilderIdMismatch,

    /// <summary>The source repository is not the one asked for (ErrorMismatchSource).</summary>
    SourceMismatch,

    /// <summary>The source branch is not the one asked for (ErrorMismatchBranch).</summary>
    BranchMismatch,

    /// <summary>The source tag is not the one asked for (ErrorMismatchTag).</summary>
    TagMismatch,

    /// <summary>The source tag does not semver-match the versioned tag asked for (ErrorMismatchVersionedTag).</summary>
    VersionedTagMismatch,

    /// <summary>A ref is not of the kind required: a builder not at a vX.Y.Z tag, a tag asked of a branch build (ErrorInvalidRef).</summary>
    InvalidRef,

    /// <summary>A workflow input is not the value asked for (ErrorMismatchWorkflowInputs).</summary>
    WorkflowInputsMismatch,

    /// <summary>A policy rule over the verified statement did not hold, or could not be evaluated.</summary>
    RuleFailed,
}

internal static class VerificationErrorCodes
{
    public static VerificationStep StepOf(VerificationErrorCode code) => code switch
    {
        VerificationErrorCode.BundleIncomplete => VerificationStep.Bundle,
        VerificationErrorCode.TimestampInvalid or VerificationErrorCode.InsufficientTimestamps => VerificationStep.Timestamps,
        VerificationErrorCode.CertificateChainInvalid or VerificationErrorCode.CertificateNotValidAtTime
            or VerificationErrorCode.SignedCertificateTimestampInvalid => VerificationStep.Certificate,
        VerificationErrorCode.TransparencyLogUnknown or VerificationErrorCode.TransparencyLogEntryMismatch
            or VerificationErrorCode.SignedEntryTimestampInvalid or VerificationErrorCode.InclusionProofInvalid
            or VerificationErrorCode.CheckpointInvalid or VerificationErrorCode.InsufficientTransparencyLogEntries
            or VerificationErrorCode.WitnessQuorumNotMet => VerificationStep.TransparencyLog,
        VerificationErrorCode.SignatureInvalid or VerificationErrorCode.ArtifactMismatch
            or VerificationErrorCode.UnsupportedPayload => VerificationStep.Signature,
        _ => VerificationStep.Policy,
    };
}
