using System.Text;
using System.Text.RegularExpressions;
using Signet.Core;

namespace Signet.Packages.PyPI;

/// <summary>
/// A PEP 440 version (§"Public version identifiers", §"Local version identifiers"), read with the spellings §"Normalization"
/// allows and nothing else (no "legacy" versions), written back in the normalized form and ordered by §"Summary of
/// permitted suffixes and relative ordering". Numbers are kept as digit strings, so no component overflows.
/// </summary>
public sealed partial class Pep440Version : IComparable<Pep440Version>, IEquatable<Pep440Version>
{
    /// <summary>The most release segments read (<c>1.2.3…</c>); real projects use a handful.</summary>
    public const int MaxReleaseSegments = 32;

    /// <summary>The longest version string read.</summary>
    public const int MaxLength = 256;

    /// <summary>The version of a match of <see cref="Pattern"/>, its spellings normalized.</summary>
    private Pep440Version(Match m, string[] release)
    {
        Epoch = m.Groups["epoch"].Success ? Number(m.Groups["epoch"].Value) : "0";
        Release = release.Select(Number).ToArray();
        PreLabel = m.Groups["pre_l"].Success
            ? m.Groups["pre_l"].Value switch { "alpha" => "a", "beta" => "b", "c" or "pre" or "preview" => "rc", var l => l }
            : null;
        Pre = PreLabel is null ? null : Number(m.Groups["pre_n"].Success ? m.Groups["pre_n"].Value : "0");
        Post = m.Groups["post_n1"].Success ? Number(m.Groups["post_n1"].Value)
            : m.Groups["post_l"].Success ? Number(m.Groups["post_n2"].Success ? m.Groups["post_n2"].Value : "0")
            : null;
        Dev = m.Groups["dev_l"].Success ? Number(m.Groups["dev_n"].Success ? m.Groups["dev_n"].Value : "0") : null;
        Local = m.Groups["local"].Success ? m.Groups["local"].Value.Split('.', '-', '_').Select(p => p.All(char.IsAsciiDigit) ? Number(p) : p).ToArray() : null;
    }

    /// <summary>The epoch (<c>N!</c>), <c>"0"</c> when absent.</summary>
    public string Epoch { get; }

    /// <summary>The release segments, without leading zeros.</summary>
    public IReadOnlyList<string> Release { get; }

    /// <summary><c>a</c>, <c>b</c> or <c>rc</c> for a pre-release, else null.</summary>
    public string? PreLabel { get; }

    /// <summary>The pre-release number, or null.</summary>
    public string? Pre { get; }

    /// <summary>The post-release number, or null.</summary>
    public string? Post { get; }

    /// <summary>The development release number, or null.</summary>
    public string? Dev { get; }

    /// <summary>The local version label's segments (<c>+ubuntu.1</c>), or null.</summary>
    public IReadOnlyList<string>? Local { get; }

    /// <summary>A pre-release or a development release (§"Handling of pre-releases": not a final release).</summary>
    public bool IsPreRelease => PreLabel is not null || Dev is not null;

    /// <summary>Reads a version.</summary>
    /// <exception cref="SignetFormatException">Not a PEP 440 version.</exception>
    public static Pep440Version Parse(string text) =>
        TryParse(text, out var version) ? version : throw new SignetFormatException($"'{text}' is not a PEP 440 version");

    /// <summary>Reads a version; false when <paramref name="text"/> is not one.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Pep440Version? version)
    {
        version = null;
        var m = text is null || text.Length > MaxLength ? null : Pattern().Match(text.Trim().ToLowerInvariant());
        if (m is not { Success: true })
        {
            return false;
        }

        var release = m.Groups["release"].Value.Split('.');
        if (release.Length > MaxReleaseSegments)
        {
            return false;
        }

        version = new Pep440Version(m, release);
        return true;
    }

    /// <summary>
    /// The highest final release (neither pre- nor development release) of <paramref name="versions"/> that precedes
    /// <paramref name="current"/>, as spelled in <paramref name="versions"/>; null when there is none or
    /// <paramref name="current"/> is not a PEP 440 version. Strings that are not PEP 440 versions are passed over.
    /// </summary>
    public static string? PreviousRelease(IEnumerable<string> versions, string current)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (!TryParse(current, out var now))
        {
            return null;
        }

        return versions
            .Select(text => (Text: text, Version: TryParse(text, out var v) && !v.IsPreRelease && v < now ? v : null))
            .Where(c => c.Version is not null)
            .OrderByDescending(c => c.Version)
            .Select(c => c.Text)
            .FirstOrDefault();
    }

    /// <summary>The normalized form (§"Normalization").</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Epoch != "0")
        {
            sb.Append(Epoch).Append('!');
        }

        sb.AppendJoin('.', Release);
        sb.Append(PreLabel).Append(Pre);
        if (Post is not null)
        {
            sb.Append(".post").Append(Post);
        }

        if (Dev is not null)
        {
            sb.Append(".dev").Append(Dev);
        }

        if (Local is not null)
        {
            sb.Append('+').AppendJoin('.', Local);
        }

        return sb.ToString();
    }

    /// <summary>
    /// §"Summary of permitted suffixes and relative ordering": epoch, then release (trailing zeros do not count), then
    /// <c>.devN</c> &lt; <c>aN</c> &lt; <c>bN</c> &lt; <c>rcN</c> &lt; final &lt; <c>.postN</c> (each suffix's own
    /// <c>.devN</c> before it), then the local label (§"Local version identifiers": a public version before its local ones).
    /// </summary>
    public int CompareTo(Pep440Version? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = CompareNumbers(Epoch, other.Epoch);
        for (var i = 0; c == 0 && i < Math.Max(Release.Count, other.Release.Count); i++)
        {
            c = CompareNumbers(i < Release.Count ? Release[i] : "0", i < other.Release.Count ? other.Release[i] : "0");
        }

        c = c != 0 ? c : PreRank().CompareTo(other.PreRank());
        c = c != 0 || PreLabel is null ? c : CompareNumbers(Pre!, other.Pre!);
        c = c != 0 ? c : (Post is null).CompareTo(other.Post is null) * -1;
        c = c != 0 || Post is null ? c : CompareNumbers(Post, other.Post!);
        c = c != 0 ? c : (Dev is null).CompareTo(other.Dev is null);
        c = c != 0 || Dev is null ? c : CompareNumbers(Dev, other.Dev!);
        return c != 0 ? c : CompareLocal(Local, other.Local);
    }

    public bool Equals(Pep440Version? other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is Pep440Version v && Equals(v);

    /// <summary>Equal versions hash alike: trailing zero release segments are left out, as they are in comparison.</summary>
    public override int GetHashCode()
    {
        var significant = Release.Count;
        while (significant > 1 && Release[significant - 1] == "0")
        {
            significant--;
        }

        var hash = new HashCode();
        hash.Add(Epoch);
        foreach (var r in Release.Take(significant))
        {
            hash.Add(r);
        }

        hash.Add(PreLabel);
        hash.Add(Pre);
        hash.Add(Post);
        hash.Add(Dev);
        hash.Add(Local is null ? null : string.Join('.', Local));
        return hash.ToHashCode();
    }

    public static bool operator ==(Pep440Version? a, Pep440Version? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Pep440Version? a, Pep440Version? b) => !(a == b);

    public static bool operator <(Pep440Version? a, Pep440Version? b) => a is null ? b is not null : a.CompareTo(b) < 0;

    public static bool operator >(Pep440Version? a, Pep440Version? b) => b < a;

    public static bool operator <=(Pep440Version? a, Pep440Version? b) => !(b < a);

    public static bool operator >=(Pep440Version? a, Pep440Version? b) => !(a < b);

    /// <summary>Where the pre-release part ranks: a development release of the final (<c>1.0.dev1</c>) before any pre-release, the final after them.</summary>
    private int PreRank() => PreLabel switch
    {
        "a" => 1,
        "b" => 2,
        "rc" => 3,
        _ => Dev is not null && Post is null ? 0 : 4,
    };

    /// <summary>Local segments: numbers compare as numbers and above letters; letters case-insensitively (they are lower-cased); a prefix first.</summary>
    private static int CompareLocal(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null || b is null)
        {
            return (a is not null).CompareTo(b is not null);
        }

        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var an = a[i].All(char.IsAsciiDigit);
            var bn = b[i].All(char.IsAsciiDigit);
            var c = an && bn ? CompareNumbers(a[i], b[i]) : an != bn ? an.CompareTo(bn) : string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    /// <summary>Digit strings without leading zeros: the longer is larger, equal lengths compare as text.</summary>
    private static int CompareNumbers(string a, string b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);

    private static string Number(string digits) => digits.TrimStart('0') is { Length: > 0 } n ? n : "0";

    // PEP 440 Appendix B, the canonical regular expression (lower-case input).
    [GeneratedRegex(@"^v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)(?:[-_.]?(?<pre_l>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<pre_n>[0-9]+)?)?(?:-(?<post_n1>[0-9]+)|[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?)?(?:[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$")]
    private static partial Regex Pattern();
}
