using System.Globalization;

namespace Signet.Analysis.Registry;

/// <summary>SemVer 2.0.0 versions as npm publishes them, compared by precedence (§11) for "the version before this one".</summary>
internal readonly record struct SemanticVersion(long Major, long Minor, long Patch, string? PreRelease) : IComparable<SemanticVersion>
{
    /// <summary>The highest release (no pre-release part) of <paramref name="versions"/> that precedes <paramref name="current"/>, or null.</summary>
    public static string? Previous(IEnumerable<string> versions, string current)
    {
        if (!TryParse(current, out var now))
        {
            return null;
        }

        string? best = null;
        SemanticVersion bestVersion = default;
        foreach (var v in versions)
        {
            if (TryParse(v, out var parsed) && parsed.PreRelease is null && parsed.CompareTo(now) < 0 && (best is null || parsed.CompareTo(bestVersion) > 0))
            {
                best = v;
                bestVersion = parsed;
            }
        }

        return best;
    }

    /// <summary>MAJOR.MINOR.PATCH[-PRE][+BUILD] (§2, §9, §10); build metadata is ignored in precedence.</summary>
    public static bool TryParse(string text, out SemanticVersion version)
    {
        version = default;
        var core = text.Split('+', 2)[0];
        var dash = core.IndexOf('-', StringComparison.Ordinal);
        var pre = dash >= 0 ? core[(dash + 1)..] : null;
        var parts = (dash >= 0 ? core[..dash] : core).Split('.');
        if (parts.Length != 3 || pre is { Length: 0 })
        {
            return false;
        }

        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return false;
        }

        version = new SemanticVersion(major, minor, patch, pre);
        return true;
    }

    /// <summary>§11: numeric core first; a pre-release precedes its release; pre-release identifiers compared one by one.</summary>
    public int CompareTo(SemanticVersion other)
    {
        var c = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (c != 0)
        {
            return c;
        }

        if (PreRelease is null || other.PreRelease is null)
        {
            return PreRelease is null ? (other.PreRelease is null ? 0 : 1) : -1;
        }

        var a = PreRelease.Split('.');
        var b = other.PreRelease.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var an = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x);
            var bn = long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y);
            c = an && bn ? x.CompareTo(y) : an ? -1 : bn ? 1 : string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
