namespace Signet.Core.Bundles;

/// <summary>The media types of sigstore/protobuf-specs documents that Signet reads and writes.</summary>
public static class MediaTypes
{
    public const string BundleV01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";
    public const string BundleV02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
    public const string BundleV03Legacy = "application/vnd.dev.sigstore.bundle+json;version=0.3";

    /// <summary>The form Signet writes (protobuf-specs sigstore_bundle.proto: "MUST be ... v0.3+json").</summary>
    public const string BundleV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

    public const string TrustedRootV01 = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
    public const string TrustedRootV01Suffix = "application/vnd.dev.sigstore.trustedroot.v0.1+json";
    public const string TrustedRootV02 = "application/vnd.dev.sigstore.trustedroot.v0.2+json";

    public const string SigningConfigV02 = "application/vnd.dev.sigstore.signingconfig.v0.2+json";
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
