using System.Text.RegularExpressions;

namespace Signet.Core.Verification;

/// <summary>
/// Matches an identity string exactly, or by regular expression with RE2's semantics (<see cref="Re2Pattern"/>): like
/// cosign's <c>--certificate-identity-regexp</c> (Go <c>regexp.MatchString</c>), a pattern matches anywhere unless
/// anchored with <c>^…$</c>, and <c>$</c> is the end of the text. Patterns run on the non-backtracking engine, so a
/// certificate cannot make matching slow.
/// </summary>
public sealed class StringMatcher
{
    private readonly string? _exact;
    private readonly Regex? _regex;
    private readonly string? _pattern;

    private StringMatcher(string? exact, Regex? regex, string? pattern = null)
    {
        _exact = exact;
        _regex = regex;
        _pattern = pattern;
    }

    /// <summary>A matcher for exactly <paramref name="value"/> (ordinal).</summary>
    public static StringMatcher Exact(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return new StringMatcher(value, null);
    }

    /// <summary>A matcher for an RE2 pattern (see <see cref="Re2Pattern"/>).</summary>
    /// <exception cref="SignetFormatException">The pattern is not valid RE2 or uses a construct RE2 lacks.</exception>
    public static StringMatcher Regex(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return new StringMatcher(null, Re2Pattern.Compile(pattern), pattern);
    }

    /// <summary>Whether <paramref name="value"/> matches.</summary>
    public bool IsMatch(string? value)
        => value is not null && (_exact is not null ? string.Equals(_exact, value, StringComparison.Ordinal) : _regex!.IsMatch(value));

    /// <inheritdoc/>
    public override string ToString() => _exact ?? $"/{_pattern}/";
}
