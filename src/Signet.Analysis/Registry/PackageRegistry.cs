using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml;
using Signet.Analysis.Packages;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Analysis.Registry;

/// <summary>
/// Downloads a package from the registry the machine is configured for: npm's <c>registry</c> setting as
/// <c>npm config get registry</c> reports it (environment, project, user and global npmrc, npm's default), checking the
/// tarball against the version's <c>dist.integrity</c>; NuGet's first v3 source in <c>~/.nuget/NuGet/NuGet.Config</c>,
/// through its <c>PackageBaseAddress/3.0.0</c> flat container. Files land in <paramref name="directory"/>.
/// </summary>
public sealed class PackageRegistry(HttpClient http, string directory)
{
    // Registry documents: a packument lists every version (thousands for the busiest packages), a NuGet service
    // index a few dozen resources; the npm document of one version is small.
    private static readonly JsonLimits RegistryLimits = new(16 << 20, 64, 100_000);

    // `npm config get registry` reads npm's configuration files: it answers at once, or something is wrong.
    private static readonly TimeSpan NpmConfigTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Downloads the package; returns the file path.</summary>
    public async Task<string> DownloadAsync(PackageSpec spec, CancellationToken cancellationToken) => spec.Ecosystem switch
    {
        Ecosystem.Npm => await NpmAsync(spec, cancellationToken).ConfigureAwait(false),
        _ => await NuGetAsync(spec, cancellationToken).ConfigureAwait(false),
    };

    /// <summary>
    /// The version before <paramref name="spec"/>'s, or null: NuGet's flat container order; for npm the highest release
    /// (no pre-release) of the packument below this one in SemVer 2.0.0 §11 precedence.
    /// </summary>
    public async Task<PackageSpec?> PreviousAsync(PackageSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Ecosystem == Ecosystem.Npm)
        {
            var url = new Uri(NpmRegistry(), spec.Name.Replace("/", "%2f", StringComparison.Ordinal));
            using var packument = await JsonAsync(url, spec, cancellationToken).ConfigureAwait(false);
            var previous = Root(packument, url).TryGet("versions", out var all) && all.ValueKind == JsonValueKind.Object
                ? SemanticVersion.Previous(all.Members().Select(v => v.Name), spec.Version)
                : null;
            return previous is null ? null : spec with { Version = previous };
        }

        if (spec.Ecosystem != Ecosystem.NuGet)
        {
            return null;
        }

        var id = spec.Name.ToLowerInvariant();
        var index = new Uri(await NuGetBaseAsync(cancellationToken).ConfigureAwait(false), $"{id}/index.json");
        using var doc = await JsonAsync(index, spec, cancellationToken).ConfigureAwait(false);
        var versions = Root(doc, index).RequiredArray("versions").Items().Select(v => v.GetString()).ToList();
        var at = versions.FindIndex(v => v.Equals(spec.Version, StringComparison.OrdinalIgnoreCase));
        return at > 0 ? spec with { Version = versions[at - 1] } : null;
    }

    private async Task<string> NpmAsync(PackageSpec spec, CancellationToken cancellationToken)
    {
        var registry = NpmRegistry();
        var escaped = spec.Name.Replace("/", "%2f", StringComparison.Ordinal);
        var url = new Uri(registry, $"{escaped}/{Uri.EscapeDataString(spec.Version)}");
        using var doc = await JsonAsync(url, spec, cancellationToken).ConfigureAwait(false);
        var dist = Root(doc, url).RequiredObject("dist");
        var tarball = HttpUrl(dist.RequiredString("tarball", allowEmpty: false), $"{url}: dist.tarball");
        // Subresource Integrity (W3C SRI §3.3): "sha512-BASE64"; older packages carry only dist.shasum (SHA-1 hex).
        var sri = dist.OptionalString("integrity");
        var expected = sri is not null && sri.StartsWith("sha512-", StringComparison.Ordinal) ? Sha512Of(sri, url) : null;
        var bytes = await BytesAsync(tarball, spec, cancellationToken).ConfigureAwait(false);
        if (expected is not null)
        {
            if (!CryptographicOperations.FixedTimeEquals(SHA512.HashData(bytes), expected))
            {
                throw new SignetFormatException($"{spec}: the tarball does not match the registry's integrity {sri![..20]}…");
            }
        }

        var safe = spec.Name.Replace("@", string.Empty, StringComparison.Ordinal).Replace('/', '-');
        return Save($"{safe}-{spec.Version}.tgz", bytes);
    }

    private async Task<string> NuGetAsync(PackageSpec spec, CancellationToken cancellationToken)
    {
        var id = spec.Name.ToLowerInvariant();
        var version = spec.Version.ToLowerInvariant();
        var url = new Uri(await NuGetBaseAsync(cancellationToken).ConfigureAwait(false), $"{id}/{version}/{id}.{version}.nupkg");
        return Save($"{id}.{version}.nupkg", await BytesAsync(url, spec, cancellationToken).ConfigureAwait(false));
    }

    private Uri? _nugetBase;

    private async Task<Uri> NuGetBaseAsync(CancellationToken cancellationToken)
    {
        if (_nugetBase is not null)
        {
            return _nugetBase;
        }

        var source = HttpUrl(NuGetSource(), "NuGet source");
        using var index = await JsonAsync(source, null, cancellationToken).ConfigureAwait(false);
        foreach (var r in Root(index, source).RequiredArray("resources").Items())
        {
            if (r.RequireObject().OptionalString("@type") is { } t && t.StartsWith("PackageBaseAddress/3.0.0", StringComparison.Ordinal))
            {
                var id = r.RequiredString("@id", allowEmpty: false);
                return _nugetBase = HttpUrl(id.EndsWith('/') ? id : id + "/", $"{source}: PackageBaseAddress @id");
            }
        }

        throw new SignetFormatException($"{NuGetSource()}: the NuGet service index has no PackageBaseAddress/3.0.0 resource");
    }

    private async Task<JsonDocument> JsonAsync(Uri url, PackageSpec? spec, CancellationToken cancellationToken)
    {
        var bytes = await BytesAsync(url, spec, cancellationToken, RegistryLimits.MaxBytes).ConfigureAwait(false);
        return StrictJson.Parse(bytes, url.ToString(), RegistryLimits);
    }

    private static JsonField Root(JsonDocument doc, Uri url) => JsonField.Root(doc.RootElement, url.ToString()).RequireObject();

    /// <summary>An absolute http(s) URL, or a format error naming where it came from (a registry's answer, the
    /// user's configuration): never a <see cref="UriFormatException"/>, never another scheme.</summary>
    private static Uri HttpUrl(string text, string what) =>
        IsHttpUrl(text) ? new Uri(text, UriKind.Absolute) : throw new SignetFormatException($"{what}: '{text}' is not an http(s) URL");

    /// <summary>The digest of an SRI <c>sha512-BASE64</c> value (W3C SRI §3.1: base64 of the 64-byte digest).</summary>
    private static byte[] Sha512Of(string sri, Uri url)
    {
        var digest = new byte[SHA512.HashSizeInBytes];
        return Convert.TryFromBase64String(sri[7..], digest, out var n) && n == digest.Length
            ? digest
            : throw new SignetFormatException($"{url}: dist.integrity is not a SHA-512 digest in base64");
    }

    private async Task<byte[]> BytesAsync(Uri url, PackageSpec? spec, CancellationToken cancellationToken, long max = 0)
    {
        max = max == 0 ? ArchiveLimits.Default.MaxPackageBytes : max;
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new SignetFormatException(spec is null ? $"{url}: not found" : $"{spec}: not found on the registry ({url.Host})");
        }

        response.EnsureSuccessStatusCode();
        return await ResponseBody.ReadAsync(response, max, http.Timeout, announced => new SignetFormatException(announced is long n
            ? $"{url}: {n} bytes is larger than the limit of {max}"
            : $"{url}: larger than the limit of {max} bytes"), cancellationToken).ConfigureAwait(false);
    }

    private string Save(string name, byte[] bytes)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The npm registry URL (http or https, ending in '/'), from the environment or from npm itself (which merges
    /// every npmrc and knows its default).</summary>
    /// <exception cref="SignetFormatException">The environment names something else, or no registry is configured.</exception>
    public static Uri NpmRegistry()
    {
        var env = Environment.GetEnvironmentVariable("npm_config_registry") ?? Environment.GetEnvironmentVariable("NPM_CONFIG_REGISTRY");
        if (!string.IsNullOrWhiteSpace(env))
        {
            return IsHttpUrl(env.Trim())
                ? new Uri(WithSlash(env.Trim()))
                : throw new SignetFormatException($"npm_config_registry '{env.Trim()}' is not an http(s) URL");
        }

        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "config", "get", "registry" })
            {
                psi.ArgumentList.Add(a);
            }

            using var npm = System.Diagnostics.Process.Start(psi)!;
            var output = npm.StandardOutput.ReadToEndAsync();
            _ = npm.StandardError.ReadToEndAsync(); // drained, so that npm cannot block on a full pipe
            if (!npm.WaitForExit(NpmConfigTimeout) || !output.Wait(NpmConfigTimeout))
            {
                npm.Kill(entireProcessTree: true);
                throw new SignetFormatException($"npm: `npm config get registry` did not answer within {NpmConfigTimeout.TotalSeconds:0} s (set npm_config_registry)");
            }

            if (npm.ExitCode == 0 && IsHttpUrl(output.Result.Trim()))
            {
                return new Uri(WithSlash(output.Result.Trim()));
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        throw new SignetFormatException("npm: no registry configured (set npm_config_registry, or install npm so that `npm config get registry` answers)");
    }

    /// <summary>The first NuGet v3 source (an https …/index.json) of the user's NuGet.Config.</summary>
    public static string NuGetSource()
    {
        var config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        if (File.Exists(config))
        {
            try
            {
                var doc = PackageXml.Load(File.ReadAllBytes(config));
                foreach (var add in doc.SelectNodes("/configuration/packageSources/add")?.OfType<XmlElement>() ?? [])
                {
                    var value = add.GetAttribute("value");
                    if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && value.EndsWith("index.json", StringComparison.OrdinalIgnoreCase) && IsHttpUrl(value))
                    {
                        return value;
                    }
                }
            }
            catch (XmlException e)
            {
                throw new SignetFormatException($"{config}: not valid XML ({e.Message})", e);
            }
        }

        throw new SignetFormatException($"NuGet: no v3 package source (an https …/index.json) in {config}");
    }

    private static bool IsHttpUrl(string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    private static string WithSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
