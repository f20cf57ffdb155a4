using System.Net;
using System.Text.Json;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Json;
using Signet.Packages.Archives;

namespace Signet.Packages.NuGet;

/// <summary>
/// Finds a package named <c>ID@VERSION</c>: in the global packages folder (<c>NUGET_PACKAGES</c>, else
/// <c>~/.nuget/packages</c>, laid out as <c>id/version/id.version.nupkg</c> in lower case), else in the sources of
/// <see cref="NuGetSources"/> — a folder feed (flat or hierarchical) or a v3 feed's <c>PackageBaseAddress/3.0.0</c> flat
/// container (NuGet server API, "Package Content").
/// </summary>
/// <param name="http">The client for v3 feeds.</param>
public sealed class NuGetPackageLocator(HttpClient http)
{
    private const int MaxIndexBytes = 16 << 20;

    /// <summary>The global packages folder NuGet restores into.</summary>
    public static string GlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The package's bytes and where they came from.</summary>
    /// <param name="id">The package id.</param>
    /// <param name="version">The version.</param>
    /// <param name="sources">The sources to try after the global packages folder (default <see cref="NuGetSources.Find"/>).</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <exception cref="SignetFormatException">The id or version is malformed, or no source has the package.</exception>
    public async Task<(byte[] Bytes, string Origin)> GetAsync(string id, string version, IReadOnlyList<string>? sources, CancellationToken cancellationToken)
    {
        var (lowerId, lowerVersion) = Check(id, version);
        var fileName = $"{lowerId}.{lowerVersion}.nupkg";
        var global = Path.Combine(GlobalPackagesFolder, lowerId, lowerVersion, fileName);
        if (File.Exists(global))
        {
            return (ReadBounded(global), global);
        }

        foreach (var source in sources ?? NuGetSources.Find())
        {
            if (!NuGetSources.IsServiceIndex(source))
            {
                foreach (var candidate in new[] { Path.Combine(source, fileName), Path.Combine(source, lowerId, lowerVersion, fileName) })
                {
                    if (File.Exists(candidate))
                    {
                        return (ReadBounded(candidate), candidate);
                    }
                }

                continue;
            }

            var url = new Uri(await BaseAddressAsync(new Uri(source), cancellationToken).ConfigureAwait(false), $"{lowerId}/{lowerVersion}/{fileName}");
            if (await GetBytesAsync(url, ArchiveLimits.Default.MaxPackageBytes, cancellationToken).ConfigureAwait(false) is { } bytes)
            {
                return (bytes, url.ToString());
            }
        }

        throw new SignetFormatException($"{id}@{version}: not in the global packages folder nor in any NuGet source");
    }

    /// <summary>The versions a v3 feed lists for <paramref name="id"/>, oldest first.</summary>
    /// <exception cref="SignetFormatException">The feed's answer is malformed.</exception>
    public async Task<IReadOnlyList<string>> VersionsAsync(string serviceIndex, string id, CancellationToken cancellationToken)
    {
        var (lowerId, _) = Check(id, "0");
        var url = new Uri(await BaseAddressAsync(new Uri(serviceIndex), cancellationToken).ConfigureAwait(false), $"{lowerId}/index.json");
        var bytes = await GetBytesAsync(url, MaxIndexBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return [];
        }

        using var doc = ParseJson(bytes, url);
        return doc.RootElement.TryGetProperty("versions", out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList()
            : throw new SignetFormatException($"{url}: no versions array");
    }

    private readonly Dictionary<Uri, Uri> _baseAddresses = [];

    private async Task<Uri> BaseAddressAsync(Uri serviceIndex, CancellationToken cancellationToken)
    {
        if (_baseAddresses.TryGetValue(serviceIndex, out var known))
        {
            return known;
        }

        var bytes = await GetBytesAsync(serviceIndex, MaxIndexBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new SignetFormatException($"{serviceIndex}: the NuGet service index is not there (404)");
        using var doc = ParseJson(bytes, serviceIndex);
        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in resources.EnumerateArray())
            {
                if (r.ValueKind == JsonValueKind.Object && r.TryGetProperty("@type", out var type) && type.GetString() is { } t
                    && t.StartsWith("PackageBaseAddress/3.0.0", StringComparison.Ordinal) && r.TryGetProperty("@id", out var at) && at.GetString() is { } address)
                {
                    var uri = Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var u) && u.Scheme is "https" or "http"
                        ? u
                        : throw new SignetFormatException($"{serviceIndex}: the PackageBaseAddress/3.0.0 @id '{address}' is not an http(s) URL");
                    _baseAddresses[serviceIndex] = uri;
                    return uri;
                }
            }
        }

        throw new SignetFormatException($"{serviceIndex}: the NuGet service index has no PackageBaseAddress/3.0.0 resource");
    }

    private async Task<byte[]?> GetBytesAsync(Uri url, long max, CancellationToken cancellationToken)
    {
        using var response = await GetHeadersAsync(url, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new Client.Services.SigstoreServiceException($"the NuGet feed {url.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode}") { StatusCode = (int)response.StatusCode };
        }

        return await ResponseBody.ReadAsync(response, max, http.Timeout, announced => new SignetFormatException(announced is long n
            ? $"{url}: {n} bytes is larger than the limit of {max}"
            : $"{url}: larger than the limit of {max} bytes"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The response with its headers read; the client's timeout running out before them is the same answer,
    /// naming the feed, as when it runs out in the body (<see cref="ResponseBody.ReadAsync"/>).</summary>
    private async Task<HttpResponseMessage> GetHeadersAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw ResponseBody.TimedOut(url, http.Timeout, e);
        }
    }

    // A feed's service index lists a few dozen resources, a package's version list thousands of versions.
    private static readonly JsonLimits FeedLimits = new(MaxIndexBytes, 32, 100_000);

    private static JsonDocument ParseJson(byte[] bytes, Uri url) => StrictJson.Parse(bytes, url.ToString(), FeedLimits);

    private static byte[] ReadBounded(string path)
    {
        var info = new FileInfo(path);
        return info.Length > ArchiveLimits.Default.MaxPackageBytes
            ? throw new SignetFormatException($"{path}: {info.Length} bytes is larger than the limit of {ArchiveLimits.Default.MaxPackageBytes}")
            : File.ReadAllBytes(path);
    }

    /// <summary>NuGet ids are letters, digits, dots, dashes and underscores; versions SemVer 2.0 with NuGet's four parts.</summary>
    private static (string Id, string Version) Check(string id, string version)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(version);
        if (id.Length is 0 or > 100 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') || id.Contains("..", StringComparison.Ordinal)
            || version.Length is 0 or > 64 || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+'))
        {
            throw new SignetFormatException($"'{id}@{version}': not a NuGet package id and version");
        }

        return (id.ToLowerInvariant(), version.ToLowerInvariant());
    }
}
