namespace Signet.Analysis.Packages;

/// <summary>
/// A package as read from its archive: ecosystem, name and version from its manifest, the source repository its
/// metadata names (if any), and every regular file. Built by <see cref="PackageReader"/>; nothing here touches the disk.
/// </summary>
public sealed record PackageContents(
    Ecosystem Ecosystem,
    string Name,
    string Version,
    string? Repository,
    IReadOnlyList<PackageFile> Files)
{
    /// <summary>The package file's name as given (a PyPI distribution's name is its attestations' subject), or null.</summary>
    public string? FileName { get; init; }

    /// <summary>The package archive itself (its digest is what provenance is about); empty when the contents were built otherwise.</summary>
    public ReadOnlyMemory<byte> Archive { get; init; }

    /// <summary>Total bytes of all files (what the throughput figures count).</summary>
    public long TotalBytes => Files.Sum(f => (long)f.Content.Length);

    /// <summary>The file at exactly this path, or null.</summary>
    public PackageFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);
}
