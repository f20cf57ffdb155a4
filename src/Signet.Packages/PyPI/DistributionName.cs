using System.Text;
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

    /// <summary>PEP 440 normalization: epoch, release, pre-, post- and dev-release spellings, local version.</summary>
    public static string Version(string version, string fileName)
    {
        var m = VersionPattern().Match(version.Trim().ToLowerInvariant());
        if (!m.Success)
        {
            throw new SignetFormatException($"'{fileName}': '{version}' is not a PEP 440 version");
        }

        var sb = new StringBuilder();
        if (m.Groups["epoch"].Success && int.Parse(m.Groups["epoch"].Value, System.Globalization.CultureInfo.InvariantCulture) != 0)
        {
            sb.Append(Number(m.Groups["epoch"].Value)).Append('!');
        }

        sb.AppendJoin('.', m.Groups["release"].Value.Split('.').Select(Number));
        if (m.Groups["pre_l"].Success)
        {
            var label = m.Groups["pre_l"].Value switch
            {
                "alpha" => "a",
                "beta" => "b",
                "c" or "pre" or "preview" => "rc",
                var l => l,
            };
            sb.Append(label).Append(m.Groups["pre_n"].Success ? Number(m.Groups["pre_n"].Value) : "0");
        }

        if (m.Groups["post_n1"].Success || m.Groups["post_l"].Success)
        {
            sb.Append(".post").Append(m.Groups["post_n1"].Success ? Number(m.Groups["post_n1"].Value) : m.Groups["post_n2"].Success ? Number(m.Groups["post_n2"].Value) : "0");
        }

        if (m.Groups["dev_l"].Success)
        {
            sb.Append(".dev").Append(m.Groups["dev_n"].Success ? Number(m.Groups["dev_n"].Value) : "0");
        }

        if (m.Groups["local"].Success)
        {
            sb.Append('+').AppendJoin('.', m.Groups["local"].Value.Split('.', '-', '_').Select(p => p.All(char.IsAsciiDigit) ? Number(p) : p));
        }

        return sb.ToString();
    }

    private static string Number(string digits) => digits.TrimStart('0') is { Length: > 0 } n ? n : "0";

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")]
    private static partial Regex ProjectPattern();

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();

    // PEP 440 Appendix B, the canonical regular expression (lower case input).
    [GeneratedRegex(@"^v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)(?:[-_.]?(?<pre_l>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<pre_n>[0-9]+)?)?(?:-(?<post_n1>[0-9]+)|[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?)?(?:[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$")]
    private static partial Regex VersionPattern();
}
