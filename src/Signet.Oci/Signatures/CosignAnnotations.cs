namespace Signet.Oci.Signatures;

/// <summary>Annotation keys and constants of cosign's two storage layouts.</summary>
public static class CosignAnnotations
{
    /// <summary>SIGNATURE_SPEC §Signature: base64 signature over the layer's payload.</summary>
    public const string Signature = "dev.cosignproject.cosign/signature";

    /// <summary>SIGNATURE_SPEC §Certificate: PEM signing certificate.</summary>
    public const string Certificate = "dev.sigstore.cosign/certificate";

    /// <summary>SIGNATURE_SPEC §Chain: PEM chain above the certificate.</summary>
    public const string Chain = "dev.sigstore.cosign/chain";

    /// <summary>SIGNATURE_SPEC §bundle: the Rekor SET bundle <c>{"SignedEntryTimestamp","Payload":{body,integratedTime,logIndex,logID}}</c>.</summary>
    public const string RekorBundle = "dev.sigstore.cosign/bundle";

    /// <summary>cosign's RFC 3161 timestamp annotation <c>{"SignedRFC3161Timestamp": base64 DER}</c>.</summary>
    public const string Rfc3161Timestamp = "dev.sigstore.cosign/rfc3161timestamp";

    /// <summary>ATTESTATION_SPEC: the predicate type of an attestation layer.</summary>
    public const string PredicateType = "predicateType";

    /// <summary>BUNDLE_SPEC §Annotations: "message-signature" or "dsse-envelope".</summary>
    public const string BundleContent = "dev.sigstore.bundle.content";

    /// <summary>BUNDLE_SPEC §Annotations: the in-toto predicate type inside a DSSE bundle.</summary>
    public const string BundlePredicateType = "dev.sigstore.bundle.predicateType";

    /// <summary>When the artifact was created (RFC 3339), on bundle artifacts.</summary>
    public const string Created = "org.opencontainers.image.created";

    /// <summary>The title of a blob, on layers.</summary>
    public const string Title = "org.opencontainers.image.title";

    /// <summary>Tag suffixes of the legacy layout (SIGNATURE_SPEC §Tag-based Discovery; cosign options.go).</summary>
    public const string SignatureTagSuffix = ".sig";

    /// <summary>The tag suffix of the legacy attestation image (<c>sha256-HEX.att</c>).</summary>
    public const string AttestationTagSuffix = ".att";

    /// <summary>The tag suffix of an attached SBOM (<c>sha256-HEX.sbom</c>).</summary>
    public const string SbomTagSuffix = ".sbom";

    /// <summary>The predicate type cosign v3 gives the in-toto statement of an image signature in a bundle.</summary>
    public const string CosignSignPredicateType = "https://sigstore.dev/cosign/sign/v1";
}
