namespace Signet.Oci;

/// <summary>
/// Picks the manifest for a platform out of an image index (image-spec image-index.md §platform), as
/// <c>docker pull --platform</c> does: os and architecture must match; a variant, when asked, must match too
/// (arm64's implied variant is v8, arm's is v7).
/// </summary>
public static class PlatformSelector
{
    /// <summary>The manifest entry of <paramref name="index"/> for <paramref name="wanted"/>, or null when the index has none.</summary>
    public static OciDescriptor? Select(OciIndex index, OciPlatform wanted)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(wanted);
        OciDescriptor? loose = null;
        foreach (var d in index.Manifests)
        {
            if (d.Platform is not { } p || !OciMediaTypes.IsManifest(d.MediaType)
                || !string.Equals(p.Os, wanted.Os, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(p.Architecture, wanted.Architecture, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var have = Variant(p);
            if (wanted.Variant is null)
            {
                // Without a variant asked for, prefer the architecture's default one but take any.
                if (have is null || have == Variant(wanted))
                {
                    return d;
                }

                loose ??= d;
                continue;
            }

            if (string.Equals(have, Variant(wanted), StringComparison.OrdinalIgnoreCase))
            {
                return d;
            }
        }

        return loose;
    }

    private static string? Variant(OciPlatform p) => p.Variant ?? p.Architecture switch
    {
        "arm64" => "v8",
        "arm" => "v7",
        _ => null,
    };
}
