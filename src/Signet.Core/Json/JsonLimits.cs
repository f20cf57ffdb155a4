using System.Runtime.CompilerServices;

namespace Signet.Core.Json;

/// <summary>
/// Explicit bounds on one outside JSON document, checked by <see cref="StrictJson.Parse"/> before anything reads it.
/// Every bound must be positive.
/// </summary>
/// <param name="MaxBytes">Largest document, in UTF-8 bytes.</param>
/// <param name="MaxDepth">Deepest nesting of objects and arrays (the top-level value is depth 1).</param>
/// <param name="MaxItems">Most members of any one object and most items of any one array.</param>
public sealed record JsonLimits(int MaxBytes, int MaxDepth, int MaxItems)
{
    /// <summary>Largest document, in UTF-8 bytes.</summary>
    public int MaxBytes { get; } = Positive(MaxBytes);

    /// <summary>Deepest nesting of objects and arrays (the top-level value is depth 1).</summary>
    public int MaxDepth { get; } = Positive(MaxDepth);

    /// <summary>Most members of any one object and most items of any one array.</summary>
    public int MaxItems { get; } = Positive(MaxItems);

    /// <summary>
    /// Sigstore messages in the protobuf JSON mapping (bundle, trusted root, signing config): 32 MiB, 64 levels,
    /// 1,024 members or items (a bundle carries a few certificates, entries and proofs).
    /// </summary>
    public static JsonLimits ProtobufMessage { get; } = new(32 * 1024 * 1024, 64, 1024);

    /// <summary>Rekor entry requests and bodies (rekor <c>pkg/types</c>, rekor-tiles): 32 MiB, 32 levels, 1,024
    /// members or items.</summary>
    public static JsonLimits RekorEntry { get; } = new(32 * 1024 * 1024, 32, 1024);

    private static int Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "a JSON limit must be positive");
}
