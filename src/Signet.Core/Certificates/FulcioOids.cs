namespace Signet.Core.Certificates;

/// <summary>Fulcio's certificate extension OIDs (sigstore/fulcio docs/oid-info.md) and the RFC 6962 SCT list OID.</summary>
public static class FulcioOids
{
    public const string Prefix = "1.3.6.1.4.1.57264.1.";

    // Deprecated (values are raw strings, not DER): .1 Issuer (v1), .2–.6 GitHub workflow trigger/sha/name/repository/ref.
    public const string IssuerV1 = "1.3.6.1.4.1.57264.1.1";
    public const string GitHubWorkflowTrigger = "1.3.6.1.4.1.57264.1.2";
    public const string GitHubWorkflowSha = "1.3.6.1.4.1.57264.1.3";
    public const string GitHubWorkflowName = "1.3.6.1.4.1.57264.1.4";
    public const string GitHubWorkflowRepository = "1.3.6.1.4.1.57264.1.5";
    public const string GitHubWorkflowRef = "1.3.6.1.4.1.57264.1.6";
    public const string OtherName = "1.3.6.1.4.1.57264.1.7";

    // Current (values are DER UTF8String).
    public const string Issuer = "1.3.6.1.4.1.57264.1.8";
    public const string BuildSignerUri = "1.3.6.1.4.1.57264.1.9";
    public const string BuildSignerDigest = "1.3.6.1.4.1.57264.1.10";
    public const string RunnerEnvironment = "1.3.6.1.4.1.57264.1.11";
    public const string SourceRepositoryUri = "1.3.6.1.4.1.57264.1.12";
    public const string SourceRepositoryDigest = "1.3.6.1.4.1.57264.1.13";
    public const string SourceRepositoryRef = "1.3.6.1.4.1.57264.1.14";
    public const string SourceRepositoryIdentifier = "1.3.6.1.4.1.57264.1.15";
    public const string SourceRepositoryOwnerUri = "1.3.6.1.4.1.57264.1.16";
    public const string SourceRepositoryOwnerIdentifier = "1.3.6.1.4.1.57264.1.17";
    public const string BuildConfigUri = "1.3.6.1.4.1.57264.1.18";
    public const string BuildConfigDigest = "1.3.6.1.4.1.57264.1.19";
    public const string BuildTrigger = "1.3.6.1.4.1.57264.1.20";
    public const string RunInvocationUri = "1.3.6.1.4.1.57264.1.21";
    public const string SourceRepositoryVisibilityAtSigning = "1.3.6.1.4.1.57264.1.22";
    public const string DeploymentEnvironment = "1.3.6.1.4.1.57264.1.23";
    public const string TokenSubject = "1.3.6.1.4.1.57264.1.24";

    /// <summary>RFC 6962 §3.3: embedded SCT list.</summary>
    public const string SctList = "1.3.6.1.4.1.11129.2.4.2";

    /// <summary>RFC 6962 §3.1: precertificate poison.</summary>
    public const string PrecertificatePoison = "1.3.6.1.4.1.11129.2.4.3";

    public const string SubjectAltName = "2.5.29.17";
    public const string CodeSigningEku = "1.3.6.1.5.5.7.3.3";
    public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
}
