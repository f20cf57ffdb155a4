using Signet.Analysis.Packages;
using Signet.Core;

namespace Signet.Analysis.Registry;

/// <summary>
/// A package ready to analyse: its contents, the file on disk, and (for registry targets whose ecosystem has a provenance
/// source) the previous version's contents.
/// </summary>
public sealed record AnalysisTarget(PackageContents Package, string Path, PackageContents? Previous)
{
    /// <summary>
    /// Resolves a target: a package file, or <c>npm:NAME@VERSION</c> / <c>nuget:ID@VERSION</c> downloaded through
    /// <paramref name="registry"/>. <paramref name="withPrevious"/> also fetches the version before (for provenance-lost).
    /// </summary>
    public static async Task<AnalysisTarget> ResolveAsync(string target, PackageRegistry registry, Func<Ecosystem, bool> withPrevious, CancellationToken cancellationToken)
    {
        if (!PackageSpec.IsSpec(target))
        {
            return new AnalysisTarget(Read(target), target, null);
        }

        var spec = PackageSpec.Parse(target);
        var path = await registry.DownloadAsync(spec, cancellationToken).ConfigureAwait(false);
        PackageContents? previous = null;
        if (withPrevious(spec.Ecosystem) && await registry.PreviousAsync(spec, cancellationToken).ConfigureAwait(false) is { } before)
        {
            previous = Read(await registry.DownloadAsync(before, cancellationToken).ConfigureAwait(false));
        }

        return new AnalysisTarget(Read(path), path, previous);
    }

    private static PackageContents Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new SignetFormatException($"'{path}': no such file (a target is a package file, npm:NAME@VERSION or nuget:ID@VERSION)");
        }

        if (info.Length > ArchiveLimits.Default.MaxPackageBytes)
        {
            throw new SignetFormatException($"'{path}': {info.Length} bytes is larger than the limit of {ArchiveLimits.Default.MaxPackageBytes}");
        }

        try
        {
            return PackageReader.Read(info.Name, Files.BoundedFile.Read(path, ArchiveLimits.Default.MaxPackageBytes));
        }
        catch (Files.FileTooLargeException)
        {
            throw new SignetFormatException($"'{path}': larger than the limit of {ArchiveLimits.Default.MaxPackageBytes} bytes");
        }
        catch (IOException e)
        {
            throw new SignetFormatException($"'{path}': cannot read ({e.Message})", e);
        }
    }
}
