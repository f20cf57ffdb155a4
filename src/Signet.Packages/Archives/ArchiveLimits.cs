namespace Signet.Packages.Archives;

/// <summary>
/// Bounds on what <see cref="ArchiveEntries"/> accepts, so a decompression bomb or an archive of a million entries is an
/// invalid-input error rather than an exhausted machine.
/// </summary>
public sealed record ArchiveLimits
{
    /// <summary>The largest package file read (compressed): 256 MiB.</summary>
    public long MaxPackageBytes { get; init; } = 256L << 20;

    /// <summary>The most bytes all entries may expand to: 1 GiB.</summary>
    public long MaxTotalBytes { get; init; } = 1L << 30;

    /// <summary>The largest single entry: 128 MiB.</summary>
    public long MaxEntryBytes { get; init; } = 128L << 20;

    /// <summary>The most entries: 100,000.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>
    /// The most an archive may expand relative to its compressed size once past <see cref="RatioFloorBytes"/>: 100 times
    /// (code and text compress 3–20 times; a zip bomb thousands).
    /// </summary>
    public int MaxExpansionRatio { get; init; } = 100;

    /// <summary>Expanded bytes below which the ratio is not checked (a small, very repetitive file is no bomb): 16 MiB.</summary>
    public long RatioFloorBytes { get; init; } = 16L << 20;

    /// <summary>The defaults above.</summary>
    public static ArchiveLimits Default { get; } = new();
}
