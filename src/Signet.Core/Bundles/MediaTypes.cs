namespace Signet.Core.Bundles;

/// <summary>The media types of sigstore/protobuf-specs documents that Signet reads and writes.</summary>
public static class MediaTypes
{
    /// <summary>Bundle v0.1: the first bundle form (certificate chain, inclusion promise; inclusion proof optional).</summary>
    public const string BundleV01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";

    /// <summary>Bundle v0.2: as v0.1, with an inclusion proof required for each log entry.</summary>
    public const string BundleV02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";

    /// <summary>Bundle v0.3 in the parameterised spelling some clients wrote before protobuf-specs fixed the suffix form.</summary>
    public const string BundleV03Legacy = "application/vnd.dev.sigstore.bundle+json;version=0.3";

    /// <summary>The form Signet writes (protobuf-specs sigstore_bundle.proto: "MUST be ... v0.3+json").</summary>
    public const string BundleV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>Trusted root v0.1 in the parameterised spelling (as the public-good TUF repository serves it).</summary>
    public const string TrustedRootV01 = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

    /// <summary>Trusted root v0.1 in the suffix spelling.</summary>
    public const string TrustedRootV01Suffix = "application/vnd.dev.sigstore.trustedroot.v0.1+json";

    /// <summary>Trusted root v0.2 (adds lifecycle fields for services).</summary>
    public const string TrustedRootV02 = "application/vnd.dev.sigstore.trustedroot.v0.2+json";

    /// <summary>Signing config v0.2: the CA, OIDC, Rekor and TSA service URLs a signer should use, with selectors.</summary>
    public const string SigningConfigV02 = "application/vnd.dev.sigstore.signingconfig.v0.2+json";

    /// <summary>Client trust config v0.1: a trusted root and a signing config in one document.</summary>
    public const string ClientTrustConfigV01 = "application/vnd.dev.sigstore.clienttrustconfig.v0.1+json";

    /// <summary>Bundle version (1, 2 or 3 for v0.1..v0.3) of a media type, or a format error for anything else.</summary>
    public static int BundleMinorVersion(string mediaType) => mediaType switch
    {
        BundleV01 => 1,
        BundleV02 => 2,
        BundleV03Legacy or BundleV03 => 3,
        _ => throw new SignetFormatException($"bundle.mediaType: unsupported bundle media type '{Truncate(mediaType)}'"),
    };

    internal static string Truncate(string s) => s.Length <= 100 ? s : s[..100] + "…";
}
