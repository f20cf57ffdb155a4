using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Signet.Core.Verification;

/// <summary>
/// Identity patterns with the semantics of Go's <c>regexp</c> (RE2), which cosign and sigstore-go use for
/// <c>--certificate-identity-regexp</c>: the pattern is parsed as RE2 syntax and rewritten into an equivalent .NET
/// pattern run on the linear-time <see cref="RegexOptions.NonBacktracking"/> engine.
/// <list type="bullet">
/// <item>A match is searched anywhere in the value (Go <c>MatchString</c>) unless the pattern is anchored with <c>^…$</c>.</item>
/// <item><c>$</c> matches only at the end of the text (not before a final <c>\n</c> as in .NET), unless <c>(?m)</c> is set.</item>
/// <item><c>\d \w \s</c> and <c>[[:alpha:]]</c>-style classes are ASCII, as in RE2.</item>
/// <item>Constructs RE2 lacks are refused as invalid input: lookahead and lookbehind, backreferences, atomic groups,
/// possessive quantifiers, conditionals, comments, <c>\Z</c>, <c>\G</c>, and escapes RE2 does not define.</item>
/// </list>
/// Two differences remain, both only for non-ASCII text: characters outside the Basic Multilingual Plane count as two
/// characters for <c>.</c> and negated classes, and <c>\b</c> counts non-ASCII letters as word characters.
/// </summary>
public static partial class Re2Pattern
{
    /// <summary>The longest pattern accepted.</summary>
    public const int MaxLength = 4096;

    /// <summary>The largest repetition count, as in RE2 (<c>{n,m}</c> with n, m ≤ 1000).</summary>
    public const int MaxRepeat = 1000;

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>Compiles an RE2 pattern into a linear-time .NET regular expression with RE2's semantics.</summary>
    /// <exception cref="SignetFormatException">The pattern is not valid RE2 syntax or uses a construct RE2 lacks.</exception>
    public static Regex Compile(string pattern)
    {
        var translated = Translate(pattern);
        try
        {
            return new Regex(translated, Options);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw Invalid(pattern, "not a valid regular expression");
        }
    }

    /// <summary>Rewrites an RE2 pattern into the .NET pattern with the same meaning (see the type's remarks).</summary>
    /// <exception cref="SignetFormatException">The pattern is not valid RE2 syntax or uses a construct RE2 lacks.</exception>
    public static string Translate(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > MaxLength)
        {
            throw Invalid(pattern, $"longer than {MaxLength} characters");
        }

        return new Translator(pattern).Run();
    }

    internal static SignetFormatException Invalid(string pattern, string why)
    {
        var shown = pattern.Length > 80 ? pattern[..80] + "…" : pattern;
        return new SignetFormatException($"identity pattern '{PrintableText.Escape(shown)}': {why} (patterns use RE2 syntax, as cosign's)");
    }

    private sealed class Translator(string p)
    {
        private readonly StringBuilder _out = new();
        private readonly Stack<bool> _multiline = new();
        private int _i;
        private bool _m;
        private bool _canRepeat;

        public string Run()
        {
            while (_i < p.Length)
            {
                var c = p[_i++];
                switch (c)
                {
                    case '\\': Escape(); break;
                    case '[': _out.Append(Re2Classes.Parse(p, ref _i)); _canRepeat = true; break;
                    case '(': Group(); break;
                    case ')':
                        if (_multiline.Count == 0)
                        {
                            throw Invalid(p, "unexpected )");
                        }

                        _m = _multiline.Pop();
                        _out.Append(')');
                        _canRepeat = true;
                        break;
                    case '*' or '+' or '?': Repeat(c.ToString()); break;
                    case '{':
                        if (TryCount(_i - 1, out var count))
                        {
                            Repeat(count);
                        }
                        else
                        {
                            Literal(c);
                        }

                        break;
                    case '|': _out.Append('|'); _canRepeat = false; break;
                    case '^': _out.Append('^'); _canRepeat = true; break;
                    case '$': _out.Append(_m ? "$" : @"\z"); _canRepeat = true; break; // RE2: $ is \z without (?m)
                    case '.': _out.Append('.'); _canRepeat = true; break;
                    case >= '\uD800' and <= '\uDBFF' when _i < p.Length && char.IsLowSurrogate(p[_i]):
                        Literal(char.ConvertToUtf32(c, p[_i++]));
                        break;
                    default: Literal(c); break;
                }
            }

            if (_multiline.Count != 0)
            {
                throw Invalid(p, "missing closing )");
            }

            return _out.ToString();
        }

        private void Literal(int c)
        {
            _out.Append(Re2Classes.Char(c));
            _canRepeat = true;
        }

        private void Repeat(string op)
        {
            if (!_canRepeat)
            {
                throw Invalid(p, $"missing argument to repetition operator {op}");
            }

            _out.Append(op);
            if (_i < p.Length && p[_i] == '?')
            {
                _out.Append('?');
                _i++;
            }

            if (_i < p.Length && p[_i] is '*' or '+' or '?' || (_i < p.Length && p[_i] == '{' && TryCount(_i, out _, peek: true)))
            {
                throw Invalid(p, p[_i] == '+'
                    ? "possessive quantifiers (*+, ++, ?+) are not supported"
                    : $"invalid nested repetition operator {op}{p[_i]}");
            }

            _canRepeat = false;
        }

        private bool TryCount(int at, out string count, bool peek = false)
        {
            count = "";
            var m = CountPattern().Match(p, at);
            if (!m.Success || m.Index != at)
            {
                return false;
            }

            var min = Number(m.Groups[1].Value);
            var max = m.Groups[2].Success ? (m.Groups[3].Value.Length > 0 ? Number(m.Groups[3].Value) : -1) : min;
            if (min > MaxRepeat || max > MaxRepeat || (max >= 0 && max < min))
            {
                throw Invalid(p, $"invalid repeat count {m.Value}");
            }

            if (!peek)
            {
                _i = at + m.Value.Length;
                count = m.Value;
            }

            return true;
        }

        private static int Number(string digits) => digits.Length > 4 ? int.MaxValue : int.Parse(digits, CultureInfo.InvariantCulture);

        private void Group()
        {
            _canRepeat = false;
            if (_i >= p.Length || p[_i] != '?')
            {
                Open("(", _m);
                return;
            }

            var rest = p.AsSpan(_i + 1);
            if (rest.StartsWith("P<") || (rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!")))
            {
                var start = _i + (rest[0] == 'P' ? 3 : 2);
                var end = p.IndexOf('>', start);
                var name = end < 0 ? "" : p[start..end];
                if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                {
                    throw Invalid(p, "invalid named capture");
                }

                _i = end + 1;
                Open("(?<" + name + ">", _m);
                return;
            }

            var refused = rest.Length == 0 ? null : rest[0] switch
            {
                '=' or '!' => "lookahead (?=…) and (?!…) is not supported",
                '<' => "lookbehind (?<=…) and (?<!…) is not supported",
                '>' => "atomic groups (?>…) are not supported",
                '(' => "conditionals (?(…)…) are not supported",
                '#' => "comments (?#…) are not supported",
                '\'' => "named groups (?'name'…) are not supported; use (?P<name>…)",
                _ => null,
            };
            if (refused is not null)
            {
                throw Invalid(p, refused);
            }

            Flags();
        }

        private void Flags()
        {
            // RE2 flags: i (case-insensitive), m (multi-line), s (. matches \n), U (ungreedy: no effect on whether a
            // pattern matches, so dropped). Syntax (?flags) or (?flags:re), flags = set[-clear].
            var j = _i + 1;
            var on = new StringBuilder();
            var off = new StringBuilder();
            var negated = false;
            var m = _m;
            var any = false;
            for (; j < p.Length && p[j] is not (')' or ':'); j++)
            {
                var f = p[j];
                if (f == '-' && !negated)
                {
                    negated = true;
                    continue;
                }

                if (f is not ('i' or 'm' or 's' or 'U'))
                {
                    throw Invalid(p, $"unknown group flag (?{f}");
                }

                any = true;
                if (f == 'm')
                {
                    m = !negated;
                }

                if (f != 'U')
                {
                    (negated ? off : on).Append(f);
                }
            }

            if (j >= p.Length || !any || p[j - 1] == '-')
            {
                throw Invalid(p, "invalid or unterminated group flags");
            }

            var flags = on.ToString() + (off.Length > 0 ? "-" + off.ToString() : "");
            _i = j + 1;
            if (p[j] == ':')
            {
                Open("(?" + flags + ":", m);
                return;
            }

            _m = m;
            if (flags.Length > 0)
            {
                _out.Append("(?").Append(flags).Append(')');
            }
        }

        private void Open(string text, bool multiline)
        {
            _multiline.Push(_m);
            _m = multiline;
            _out.Append(text);
        }

        private void Escape()
        {
            if (_i >= p.Length)
            {
                throw Invalid(p, "trailing backslash at end of expression");
            }

            var c = p[_i];
            if (c == 'Q')
            {
                var end = p.IndexOf(@"\E", _i + 1, StringComparison.Ordinal);
                var literal = end < 0 ? p[(_i + 1)..] : p[(_i + 1)..end];
                _i = end < 0 ? p.Length : end + 2;
                foreach (var ch in literal)
                {
                    Literal(ch);
                }

                return;
            }

            switch (c)
            {
                case 'A': _i++; _out.Append(@"\A"); _canRepeat = true; return;
                case 'z': _i++; _out.Append(@"\z"); _canRepeat = true; return;
                case 'b' or 'B': _i++; _out.Append('\\').Append(c); _canRepeat = true; return;
                case 'Z': throw Invalid(p, @"\Z is not supported (RE2 has \z, end of text)");
                case 'G': throw Invalid(p, @"\G is not supported");
                case 'k' or (>= '1' and <= '9') when c == 'k' || !Re2Classes.IsOctalEscape(p, _i):
                    throw Invalid(p, "backreferences are not supported");
            }

            var item = Re2Classes.EscapeItem(p, ref _i, insideClass: false);
            _out.Append(item);
            _canRepeat = true;
        }
    }

    [GeneratedRegex(@"\{([0-9]+)(,([0-9]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();
}
