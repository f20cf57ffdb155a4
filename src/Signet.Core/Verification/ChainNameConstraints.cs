using System.Security.Cryptography.X509Certificates;
using Signet.Core.Certificates;

namespace Signet.Core.Verification;

/// <summary>
/// RFC 5280 §6.1.3 (b)–(c) and §4.2.1.10: every subject alternative name of a certificate lies within the name constraints
/// of each CA certificate above it in the trusted chain (<see cref="NameConstraints"/>; Go's <c>crypto/x509</c> checks
/// the same for sigstore-go and cosign, with the same bound on the comparisons one certificate may cost).
/// </summary>
internal static class ChainNameConstraints
{
    /// <summary>The most name-to-constraint comparisons one certificate may need (Go's maxConstraintComparisons).</summary>
    public const int MaxComparisons = 250_000;

    /// <summary>The name constraints of <paramref name="chain"/>'s certificates with their positions, first first.</summary>
    /// <exception cref="SignetFormatException">A certificate's name constraints are malformed.</exception>
    public static IReadOnlyList<(int Index, NameConstraints Constraints)> Read(IReadOnlyList<X509Certificate2> chain)
    {
        var found = new List<(int, NameConstraints)>();
        for (var i = 0; i < chain.Count; i++)
        {
            if (NameConstraints.Of(chain[i]) is { } constraints)
            {
                found.Add((i, constraints));
            }
        }

        return found;
    }

    /// <summary>Why <paramref name="names"/> (of the certificate <paramref name="subject"/> names) are not all within
    /// <paramref name="constraints"/>; null when they are.</summary>
    public static string? Refusal(IReadOnlyList<ConstrainedName> names, IEnumerable<(int Index, NameConstraints Constraints)> constraints, string subject)
    {
        var comparisons = 0L;
        var prepared = names.Select(NameConstraintMatch.Prepare).ToArray(); // each name parsed once, whatever it meets
        foreach (var (index, above) in constraints)
        {
            foreach (var name in prepared)
            {
                comparisons += above.CountFor(name.Name.Form);
                if (comparisons > MaxComparisons)
                {
                    return $"{subject}'s names and the trusted chain's name constraints need more than {MaxComparisons} comparisons";
                }

                if (above.Refusal(name) is { } why)
                {
                    return $"{subject}'s {NameConstraints.Describe(name.Name.Form)} name '{PrintableText.Escape(name.Name.Value)}' {why} (name constraints of certificate {index} of the trusted chain; RFC 5280 §4.2.1.10)";
                }
            }
        }

        return null;
    }
}
