using System.Collections.Concurrent;
using Signet.Analysis.Packages;
using Signet.Analysis.Registry;

namespace Signet.Analysis.Tests.Benign;

/// <summary>
/// Real packages downloaded once per test run from the registries this machine is configured for (npm's registry setting,
/// the NuGet.Config source), through <see cref="PackageRegistry"/>. Deleted when the test process exits.
/// </summary>
internal static class RegistryCache
{
    private static readonly string Directory = System.IO.Directory.CreateTempSubdirectory("signet-analysis-registry-").FullName;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private static readonly ConcurrentDictionary<string, Lazy<Task<(string Path, PackageContents Package)>>> Downloads = new();

    static RegistryCache()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }

    public static Task<(string Path, PackageContents Package)> GetAsync(string spec)
        => Downloads.GetOrAdd(spec, s => new Lazy<Task<(string, PackageContents)>>(() => DownloadAsync(s))).Value;

    private static async Task<(string, PackageContents)> DownloadAsync(string spec)
    {
        var path = await new PackageRegistry(Http, Directory).DownloadAsync(PackageSpec.Parse(spec), CancellationToken.None);
        return (path, PackageReader.Read(Path.GetFileName(path), await File.ReadAllBytesAsync(path)));
    }
}
