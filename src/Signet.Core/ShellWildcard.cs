namespace Signet.Core;

/// <summary>
/// Shell-style wildcard matching as <c>fnmatch(3)</c> does it without flags, on one string: <c>*</c> matches any run of
/// characters (also empty), <c>?</c> any one character, every other character itself. No character classes and no
/// escapes. Used for TUF delegated path patterns (TUF §4.5 <c>paths</c>, one segment at a time) and for NuGet package
/// ID rules in a package policy.
/// </summary>
public static class ShellWildcard
{
    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/> as a whole.</summary>
    /// <param name="pattern">The pattern: <c>*</c>, <c>?</c>, literal otherwise.</param>
    /// <param name="text">The text to match.</param>
    /// <param name="ignoreCase">Compares literal characters case-insensitively (invariant culture) when true.</param>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, bool ignoreCase = false)
    {
        // Iterative match with one backtrack point (the last '*'): linear in practice, no regex, no recursion.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && (pattern[p] == '?' || Same(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
