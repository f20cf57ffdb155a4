using System.Text;
using Signet.Packages.PyPI;

namespace Signet.Fuzz;

/// <summary>
/// PEP 440 versions and the distribution file names that carry them, as a package index and a package's metadata give
/// them: each line of the input is read by <see cref="Pep440Version"/> and <see cref="DistributionName"/>, and "the
/// release before" the first line is looked for among all of them (<see cref="Pep440Version.PreviousRelease"/>).
/// What parses must keep PEP 440's laws, each a finding when broken: the normalized form reads back as an equal version
/// and is stable; the order is antisymmetric and transitive, equal versions hash alike; a normalized file name
/// normalizes to itself.
/// </summary>
internal static class Pep440Target
{
    // Lines looked at per input (every pair is compared).
    private const int MaxLines = 24;

    public static void Run(byte[] data)
    {
        var lines = Encoding.UTF8.GetString(data).Split('\n').Take(MaxLines).ToArray();
        var versions = new List<Pep440Version>();
        foreach (var line in lines)
        {
            FuzzTargets.Each(data, _ => versions.Add(Normalized(line)), _ => FileName(line));
        }

        Order(versions);
        _ = Pep440Version.PreviousRelease(lines, lines[0]);
    }

    private static Pep440Version Normalized(string text)
    {
        var version = Pep440Version.Parse(text);
        var written = version.ToString();
        var again = Pep440Version.TryParse(written, out var read) ? read
            : throw new InvalidOperationException($"invariant: the normalized form '{written}' of '{text}' is not a PEP 440 version");
        if (again != version || again.GetHashCode() != version.GetHashCode() || again.ToString() != written)
        {
            throw new InvalidOperationException($"invariant: '{text}' normalizes to '{written}', which reads as '{again}'");
        }

        return version;
    }

    private static void FileName(string text)
    {
        var normalized = DistributionName.Normalize(text);
        if (DistributionName.Normalize(normalized) != normalized)
        {
            throw new InvalidOperationException($"invariant: '{text}' normalizes to '{normalized}', which normalizes to another name");
        }
    }

    // Antisymmetry and equal hashes pair by pair; transitivity as "sorted, every earlier version is at most every
    // later one" (a sort by a non-transitive order leaves some pair out of place, or throws).
    private static void Order(List<Pep440Version> versions)
    {
        var sorted = versions.Order().ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            for (var j = 0; j < sorted.Count; j++)
            {
                var (a, b) = (sorted[i], sorted[j]);
                if (Math.Sign(a.CompareTo(b)) != -Math.Sign(b.CompareTo(a)) || (a == b && a.GetHashCode() != b.GetHashCode()) || (i < j && a > b))
                {
                    throw new InvalidOperationException($"invariant: '{a}' and '{b}' compare inconsistently");
                }
            }
        }
    }
}
