namespace Signet.Core.Json;

/// <summary>
/// Explicit bounds on one outside JSON document, checked by <see cref="StrictJson.Parse"/> before anything reads it:
/// its size in bytes, how deeply values nest, and how many members an object or items an array may hold.
/// </summary>
public sealed record JsonLimits
{
    /// <summary>Creates limits; every bound must be positive.</summary>
    public JsonLimits(int maxBytes, int maxDepth, int maxItems)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        MaxBytes = maxBytes;
        MaxDepth = maxDepth;
        MaxItems = maxItems;
    }

    /// <summary>Largest document, in UTF-8 bytes.</summary>
    public int MaxBytes { get; }

    /// <summary>Deepest nesting of objects and arrays (the top-level value is depth 1).</summary>
    public int MaxDepth { get; }

    /// <summary>Most members of any one object and most items of any one array.</summary>
    public int MaxItems { get; }

    /// <summary>
    /// Sigstore messages in the protobuf JSON mapping (bundle, trusted root, signing config): 32 MiB, 64 levels,
    /// 1,024 members or items (a bundle carries a few certificates, entries and proofs).
    /// </summary>
    public static JsonLimits ProtobufMessage { get; } = new(32 * 1024 * 1024, 64, 1024);

    /// <summary>
    /// Rekor entry requests and bodies (rekor <c>pkg/types</c>, rekor-tiles): 32 MiB, 32 levels, 1,024 members or items.
    /// </summary>
    public static JsonLimits RekorEntry { get; } = new(32 * 1024 * 1024, 32, 1024);
}
