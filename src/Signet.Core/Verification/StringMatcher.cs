using System.Text.RegularExpressions;

namespace Signet.Core.Verification;

/// <summary>
/// Matches an identity string exactly, or by regular expression. Like cosign's <c>--certificate-identity-regexp</c>
/// (Go <c>regexp.MatchString</c>), a pattern matches anywhere unless anchored with <c>^…$</c>. Patterns run on the
/// non-backtracking engine, so a certificate cannot make matching slow.
/// </summary>
public sealed class StringMatcher
{
    private readonly string? _exact;
    private readonly Regex? _regex;

    private StringMatcher(string? exact, Regex? regex)
    {
        _exact = exact;
        _regex = regex;
    }

    /// <summary>
    /// Matches <paramref name="value"/> exactly (ordinal comparison), as cosign's <c>--certificate-identity</c> does.
    /// </summary>
    public static StringMatcher Exact(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return new StringMatcher(value, null);
    }

    /// <summary>
    /// Matches anywhere <paramref name="pattern"/> finds a match; an invalid pattern is a
    /// <see cref="SignetFormatException"/>.
    /// </summary>
    public static StringMatcher Regex(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        try
        {
            return new StringMatcher(null, new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
        }
        catch (ArgumentException e)
        {
            throw new SignetFormatException($"identity pattern: not a valid regular expression ({e.Message})", e);
        }
    }

    /// <summary>True when <paramref name="value"/> is present and matches; a missing value never matches.</summary>
    public bool IsMatch(string? value)
        => value is not null && (_exact is not null ? string.Equals(_exact, value, StringComparison.Ordinal) : _regex!.IsMatch(value));

    /// <summary>The exact value, or the pattern between slashes, as error messages quote it.</summary>
    public override string ToString() => _exact ?? $"/{_regex}/";
}
