using System.Text;
using System.Text.Json;
using Signet.Analysis.Provenance;
using Signet.Core;
using Signet.Core.Json;
using Signet.Packages.PyPI;

namespace Signet.Analysis.Registry;

/// <summary>One file of a release as the index lists it: its name, kind (<c>sdist</c>, <c>bdist_wheel</c>) and SHA-256.</summary>
public sealed record PypiReleaseFile(string FileName, string PackageType, byte[] Sha256);

/// <summary>A release of a project: its version as the index spells it, and its files.</summary>
public sealed record PypiRelease(string Version, IReadOnlyList<PypiReleaseFile> Files);

/// <summary>
/// A Python package index's JSON API (<c>GET /pypi/PROJECT/json</c>, PyPI's "JSON API" documentation): the project's
/// releases and their files, for "the version before this one" in PEP 440 order (<see cref="Pep440Version"/>).
/// </summary>
/// <param name="http">The client for the index.</param>
/// <param name="index">The index (PyPI: <c>https://pypi.org/</c>).</param>
public sealed class PypiIndex(HttpClient http, Uri index)
{
    /// <summary>The largest project document read (the biggest projects' documents are tens of megabytes).</summary>
    public const int MaxProjectBytes = 64 << 20;

    // A project document: info, releases → files → digests is five levels; the largest projects list thousands of
    // releases and a release up to a few hundred files (one wheel per platform and Python).
    private static readonly JsonLimits ProjectLimits = new(MaxProjectBytes, 32, 100_000);

    /// <summary>
    /// The highest final release (no pre- or development release) below <paramref name="version"/> that has at least one
    /// file; null when the project is unknown to the index (404), has none, or <paramref name="version"/> is not PEP 440.
    /// </summary>
    /// <exception cref="SignetFormatException">The index is unreachable, answers an error, or its document is malformed.</exception>
    public async Task<PypiRelease?> PreviousReleaseAsync(string project, string version, CancellationToken cancellationToken)
    {
        var url = new Uri(index, $"pypi/{Uri.EscapeDataString(NormalizeProject(project))}/json");
        if (await RegistryDocuments.GetAsync(http, url, MaxProjectBytes, cancellationToken).ConfigureAwait(false) is not { } document)
        {
            return null;
        }

        var releases = Releases(url, document);
        var previous = Pep440Version.PreviousRelease(releases.Where(r => r.Value.Count > 0).Select(r => r.Key), version);
        return previous is null ? null : new PypiRelease(previous, releases[previous]);
    }

    /// <summary>PEP 503 §"Normalized Names": runs of <c>-</c>, <c>_</c> and <c>.</c> become one <c>-</c>, lower case.</summary>
    public static string NormalizeProject(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                if (sb.Length == 0 || sb[^1] != '-')
                {
                    sb.Append('-');
                }
            }
            else
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    /// <summary>The document's <c>releases</c>: version → files (each with <c>filename</c>, <c>packagetype</c>, <c>digests.sha256</c>).</summary>
    private static Dictionary<string, IReadOnlyList<PypiReleaseFile>> Releases(Uri url, byte[] document)
    {
        // StrictJson: a string or member name that is not valid Unicode (RFC 8259 §8.1) is a format error naming it, not
        // an InvalidOperationException when read.
        using var json = StrictJson.Parse(document, url.ToString(), ProjectLimits);
        if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("releases", out var releases) || releases.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"{url}: the project document has no \"releases\" object");
        }

        var result = new Dictionary<string, IReadOnlyList<PypiReleaseFile>>(StringComparer.Ordinal);
        foreach (var release in releases.EnumerateObject())
        {
            if (release.Value.ValueKind != JsonValueKind.Array)
            {
                throw new SignetFormatException($"{url}: release \"{release.Name}\" is not a list of files");
            }

            result[release.Name] = release.Value.EnumerateArray().Select(f => File(url, release.Name, f)).ToList();
        }

        return result;
    }

    private static PypiReleaseFile File(Uri url, string version, JsonElement file)
    {
        string Text(JsonElement parent, string name) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
                ? s
                : throw new SignetFormatException($"{url}: a file of release \"{version}\" has no \"{name}\" string");

        var sha256 = Text(file.ValueKind == JsonValueKind.Object && file.TryGetProperty("digests", out var d) ? d : default, "sha256");
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new SignetFormatException($"{url}: a file of release \"{version}\" has a sha256 digest that is not 64 hex digits");
        }

        return new PypiReleaseFile(Text(file, "filename"), Text(file, "packagetype"), Convert.FromHexString(sha256));
    }
}
