using Signet.Analysis.Packages;

namespace Signet.Analysis.Static;

/// <summary>
/// Names one edit (insertion, deletion, substitution or adjacent transposition: optimal string alignment distance 1) away
/// from a popular package of the same ecosystem, compared in the ecosystem's own normal form (PyPI PEP 503, NuGet and gems
/// case-insensitive). A name that is itself on the list is not a squat. The lists are bundled (<c>Static/Popular/*.txt</c>).
/// </summary>
internal static class Typosquat
{
    private static readonly Lazy<Dictionary<Ecosystem, HashSet<string>>> Lists = new(Load);

    public static string? Target(Ecosystem ecosystem, string name)
    {
        var popular = Lists.Value[ecosystem];
        var n = Normalize(ecosystem, name);
        if (n.Length < 3 || popular.Contains(n))
        {
            return null;
        }

        return popular.FirstOrDefault(p => Math.Abs(p.Length - n.Length) <= 1 && p.Length >= 3 && WithinOneEdit(n, p));
    }

    /// <summary>PEP 503: lower-case, runs of <c>-_.</c> to one <c>-</c>; NuGet ids and gems compare case-insensitively; npm as is.</summary>
    public static string Normalize(Ecosystem ecosystem, string name) => ecosystem switch
    {
        Ecosystem.PyPI => System.Text.RegularExpressions.Regex.Replace(name.ToLowerInvariant(), "[-_.]+", "-"),
        Ecosystem.Npm => name,
        _ => name.ToLowerInvariant(),
    };

    /// <summary>Optimal string alignment distance of exactly one.</summary>
    public static bool WithinOneEdit(string a, string b)
    {
        if (a == b)
        {
            return false;
        }

        if (a.Length == b.Length)
        {
            var diffs = new List<int>();
            for (var i = 0; i < a.Length && diffs.Count <= 2; i++)
            {
                if (a[i] != b[i])
                {
                    diffs.Add(i);
                }
            }

            return diffs.Count == 1
                || diffs.Count == 2 && diffs[1] == diffs[0] + 1 && a[diffs[0]] == b[diffs[1]] && a[diffs[1]] == b[diffs[0]];
        }

        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        if (longer.Length - shorter.Length != 1)
        {
            return false;
        }

        var k = 0;
        while (k < shorter.Length && longer[k] == shorter[k])
        {
            k++;
        }

        return longer.AsSpan(k + 1).SequenceEqual(shorter.AsSpan(k));
    }

    private static Dictionary<Ecosystem, HashSet<string>> Load()
    {
        var lists = new Dictionary<Ecosystem, HashSet<string>>();
        foreach (var e in Enum.GetValues<Ecosystem>())
        {
            using var s = typeof(Typosquat).Assembly.GetManifestResourceStream($"Signet.Analysis.Popular.{e.Name()}.txt")
                ?? throw new InvalidOperationException($"the bundled list of popular {e.Name()} packages is missing from the build");
            using var reader = new StreamReader(s);
            lists[e] = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.StartsWith('#')).Select(l => Normalize(e, l)).ToHashSet(StringComparer.Ordinal);
        }

        return lists;
    }
}
