using System.Text.RegularExpressions;
using Signet.Core;

namespace Signet.Packages.PyPI;

/// <summary>
/// Distribution filenames in the one form attestation subjects are compared in (pypi-attestations'
/// "ultranormalized" form): the project name normalized (PEP 503, runs of <c>-_.</c> → <c>_</c>, lower case), the version
/// normalized (PEP 440 §"Normalization"), and a wheel's compressed tag sets sorted (PEP 425 §"Compressed Tag Sets").
/// Wheels: <c>{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl</c> (PEP 427); sdists: <c>{name}-{version}.tar.gz</c>
/// (PEP 625) or the legacy <c>.zip</c>.
/// </summary>
public static partial class DistributionName
{
    /// <summary>The normalized filename.</summary>
    /// <exception cref="SignetFormatException">Not a wheel or sdist filename.</exception>
    public static string Normalize(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (fileName.EndsWith(".whl", StringComparison.Ordinal))
        {
            var parts = fileName[..^4].Split('-');
            if (parts.Length is not (5 or 6))
            {
                throw new SignetFormatException($"'{fileName}': a wheel filename has 5 or 6 dash-separated parts");
            }

            var name = Project(parts[0], fileName);
            var version = Version(parts[1], fileName);
            var tags = parts[^3..].Select(t => string.Join('.', t.ToLowerInvariant().Split('.').Distinct().Order(StringComparer.Ordinal)));
            var build = parts.Length == 6 ? [Build(parts[2], fileName)] : Array.Empty<string>();
            return string.Join('-', new[] { name, version }.Concat(build).Concat(tags)) + ".whl";
        }

        var extension = fileName.EndsWith(".tar.gz", StringComparison.Ordinal) ? ".tar.gz"
            : fileName.EndsWith(".zip", StringComparison.Ordinal) ? ".zip"
            : throw new SignetFormatException($"'{fileName}': unknown distribution format (expected .whl, .tar.gz or .zip)");
        var stem = fileName[..^extension.Length];
        var dash = stem.LastIndexOf('-');
        if (dash <= 0)
        {
            throw new SignetFormatException($"'{fileName}': an sdist filename is NAME-VERSION{extension}");
        }

        return $"{Project(stem[..dash], fileName)}-{Version(stem[(dash + 1)..], fileName)}{extension}";
    }

    private static string Project(string name, string fileName)
    {
        if (!ProjectPattern().IsMatch(name))
        {
            throw new SignetFormatException($"'{fileName}': '{name}' is not a valid project name (PEP 508)");
        }

        return Separators().Replace(name, "_").ToLowerInvariant();
    }

    private static string Build(string build, string fileName) =>
        build.Length > 0 && char.IsAsciiDigit(build[0]) && build.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? build
            : throw new SignetFormatException($"'{fileName}': '{build}' is not a wheel build tag");

    /// <summary>PEP 440 normalization (<see cref="Pep440Version"/>): epoch, release, pre-, post- and dev-release spellings, local version.</summary>
    public static string Version(string version, string fileName) =>
        Pep440Version.TryParse(version, out var v) ? v.ToString() : throw new SignetFormatException($"'{fileName}': '{version}' is not a PEP 440 version");

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")]
    private static partial Regex ProjectPattern();

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
