namespace Signet.Core.Certificates;

/// <summary>
/// Sigstore's registered OIDs (sigstore/fulcio docs/oid-info.md): Fulcio's certificate extensions and the timestamp
/// policy. The X.509 and RFC 6962 OIDs a Fulcio certificate also carries are <see cref="Asn1.X509Oids"/>.
/// </summary>
public static class FulcioOids
{
    /// <summary>The arc under which Fulcio registers its extensions (1.3.6.1.4.1.57264.1); every Fulcio extension OID begins with it.</summary>
    public const string Prefix = "1.3.6.1.4.1.57264.1.";

    // Deprecated (values are raw strings, not DER): .1 Issuer (v1), .2–.6 GitHub workflow trigger/sha/name/repository/ref.
    /// <summary>.1, deprecated: the OIDC issuer as a raw string; read only when .8 is absent.</summary>
    public const string IssuerV1 = "1.3.6.1.4.1.57264.1.1";

    /// <summary>.2, deprecated: the GitHub event that triggered the workflow (raw string); superseded by .20 Build Trigger.</summary>
    public const string GitHubWorkflowTrigger = "1.3.6.1.4.1.57264.1.2";

    /// <summary>.3, deprecated: the commit SHA the workflow ran at (raw string); superseded by .13 Source Repository Digest.</summary>
    public const string GitHubWorkflowSha = "1.3.6.1.4.1.57264.1.3";

    /// <summary>.4, deprecated: the workflow name (raw string).</summary>
    public const string GitHubWorkflowName = "1.3.6.1.4.1.57264.1.4";

    /// <summary>.5, deprecated: the owner/name of the repository (raw string); superseded by .12 Source Repository URI.</summary>
    public const string GitHubWorkflowRepository = "1.3.6.1.4.1.57264.1.5";

    /// <summary>.6, deprecated: the git ref the workflow ran on (raw string); superseded by .14 Source Repository Ref.</summary>
    public const string GitHubWorkflowRef = "1.3.6.1.4.1.57264.1.6";

    /// <summary>.7: the type id of the otherName SAN that carries a username identity (UTF8String value).</summary>
    public const string OtherName = "1.3.6.1.4.1.57264.1.7";

    // Current (values are DER UTF8String).
    /// <summary>.8: the OIDC issuer that authenticated the signer, DER UTF8String; what an identity policy matches the issuer against.</summary>
    public const string Issuer = "1.3.6.1.4.1.57264.1.8";

    /// <summary>.9: the URI of the build instructions that signed (for example a reusable workflow at a ref).</summary>
    public const string BuildSignerUri = "1.3.6.1.4.1.57264.1.9";

    /// <summary>.10: the digest of the build signer instructions (for example the commit of the reusable workflow).</summary>
    public const string BuildSignerDigest = "1.3.6.1.4.1.57264.1.10";

    /// <summary>.11: whether the build ran on platform-hosted or self-hosted infrastructure.</summary>
    public const string RunnerEnvironment = "1.3.6.1.4.1.57264.1.11";

    /// <summary>.12: the URI of the source repository the build ran from.</summary>
    public const string SourceRepositoryUri = "1.3.6.1.4.1.57264.1.12";

    /// <summary>.13: the immutable reference (commit digest) of the source the build ran on.</summary>
    public const string SourceRepositoryDigest = "1.3.6.1.4.1.57264.1.13";

    /// <summary>.14: the ref (branch or tag) of the source the build ran on.</summary>
    public const string SourceRepositoryRef = "1.3.6.1.4.1.57264.1.14";

    /// <summary>.15: the platform's immutable identifier of the source repository.</summary>
    public const string SourceRepositoryIdentifier = "1.3.6.1.4.1.57264.1.15";

    /// <summary>.16: the URI of the owner of the source repository.</summary>
    public const string SourceRepositoryOwnerUri = "1.3.6.1.4.1.57264.1.16";

    /// <summary>.17: the platform's immutable identifier of the source repository's owner.</summary>
    public const string SourceRepositoryOwnerIdentifier = "1.3.6.1.4.1.57264.1.17";

    /// <summary>.18: the URI of the top-level build instructions (the workflow file at a ref).</summary>
    public const string BuildConfigUri = "1.3.6.1.4.1.57264.1.18";

    /// <summary>.19: the digest of the top-level build instructions.</summary>
    public const string BuildConfigDigest = "1.3.6.1.4.1.57264.1.19";

    /// <summary>.20: the event that triggered the build (for example <c>push</c>).</summary>
    public const string BuildTrigger = "1.3.6.1.4.1.57264.1.20";

    /// <summary>.21: the URI of the build run, where its logs can be found.</summary>
    public const string RunInvocationUri = "1.3.6.1.4.1.57264.1.21";

    /// <summary>.22: whether the source repository was public or private when the certificate was issued.</summary>
    public const string SourceRepositoryVisibilityAtSigning = "1.3.6.1.4.1.57264.1.22";

    /// <summary>.23: the deployment environment the workflow ran in, when it named one.</summary>
    public const string DeploymentEnvironment = "1.3.6.1.4.1.57264.1.23";

    /// <summary>.24: the <c>sub</c> claim of the identity token, as the issuer stated it.</summary>
    public const string TokenSubject = "1.3.6.1.4.1.57264.1.24";

    /// <summary>Sigstore's time-stamping policy (docs/oid-info.md: 1.3.6.1.4.1.57264.2), a sibling of the Fulcio arc.</summary>
    public const string TimestampPolicy = "1.3.6.1.4.1.57264.2";
}
