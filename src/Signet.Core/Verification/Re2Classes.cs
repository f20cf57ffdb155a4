using System.Globalization;
using System.Text;

namespace Signet.Core.Verification;

/// <summary>
/// RE2's characters, escapes and character classes (Go <c>regexp/syntax</c>, "Syntax" in its documentation), written
/// out as .NET pattern text that means the same: every character as <c>\uXXXX</c> (so no .NET-only class syntax such
/// as subtraction <c>[a-z-[aeiou]]</c> can appear), Perl and POSIX classes as their ASCII ranges.
/// </summary>
internal static class Re2Classes
{
    private const int MaxChar = 0xFFFF;

    private static readonly (int Lo, int Hi)[] Digit = [('0', '9')];
    private static readonly (int Lo, int Hi)[] Space = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];
    private static readonly (int Lo, int Hi)[] Word = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

    // Go regexp/syntax perl_groups.go: the POSIX classes inside brackets, [[:name:]] and [[:^name:]].
    private static readonly Dictionary<string, (int Lo, int Hi)[]> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')],
        ["alpha"] = [('A', 'Z'), ('a', 'z')],
        ["ascii"] = [(0, 0x7F)],
        ["blank"] = [('\t', '\t'), (' ', ' ')],
        ["cntrl"] = [(0, 0x1F), (0x7F, 0x7F)],
        ["digit"] = Digit,
        ["graph"] = [('!', '~')],
        ["lower"] = [('a', 'z')],
        ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        ["space"] = [('\t', '\r'), (' ', ' ')],
        ["upper"] = [('A', 'Z')],
        ["word"] = Word,
        ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
    };

    // The Unicode general categories RE2 and .NET both know (\pL, \p{Lu}); scripts (\p{Greek}) are .NET blocks, not scripts.
    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal)
    {
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    };

    /// <summary>One character (a code point) as .NET pattern text outside a class.</summary>
    public static string Char(int codePoint)
    {
        if (codePoint <= MaxChar)
        {
            var c = (char)codePoint;
            return c switch
            {
                _ when char.IsAsciiLetterOrDigit(c) => c.ToString(),
                '\\' or '*' or '+' or '?' or '|' or '{' or '}' or '[' or ']' or '(' or ')' or '^' or '$' or '.' or '#' => "\\" + c,
                >= ' ' and < (char)0x7F => c.ToString(), // other printable ASCII (and space: no x mode) means itself in .NET too
                _ => U(codePoint),
            };
        }

        var pair = char.ConvertFromUtf32(codePoint);
        return "(?:" + U(pair[0]) + U(pair[1]) + ")";
    }

    /// <summary>Whether the escape at <paramref name="i"/> (just after the backslash) is an octal one such as <c>\12</c>.</summary>
    public static bool IsOctalEscape(string p, int i)
        => p[i] == '0' || (p[i] is >= '1' and <= '7' && i + 1 < p.Length && p[i + 1] is >= '0' and <= '7');

    /// <summary>An escape outside a class (at <paramref name="i"/>, just after the backslash), as .NET pattern text.</summary>
    public static string EscapeItem(string p, ref int i, bool insideClass)
    {
        var ranges = ClassEscape(p, ref i, out var unicode);
        if (unicode is not null)
        {
            return unicode;
        }

        if (ranges is not null)
        {
            return insideClass ? Ranges(ranges) : "[" + Ranges(ranges) + "]";
        }

        return Char(CharEscape(p, ref i));
    }

    /// <summary>A bracketed class; <paramref name="i"/> is just after the <c>[</c> and ends just after the <c>]</c>.</summary>
    public static string Parse(string p, ref int i)
    {
        var sb = new StringBuilder("[");
        if (i < p.Length && p[i] == '^')
        {
            sb.Append('^');
            i++;
        }

        var first = true;
        while (i < p.Length && (p[i] != ']' || first))
        {
            // Go: a '-' is only allowed unescaped first or last in a class.
            if (p[i] == '-' && !first && !(i + 1 < p.Length && p[i + 1] == ']'))
            {
                throw Re2Pattern.Invalid(p, "invalid character class range (escape '-' or put it last)");
            }

            first = false;
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':' && p.IndexOf(":]", i + 2, StringComparison.Ordinal) is var end and > 0)
            {
                var name = p[(i + 2)..end];
                var negate = name.StartsWith('^');
                if (!Posix.TryGetValue(negate ? name[1..] : name, out var posix))
                {
                    throw Re2Pattern.Invalid(p, $"invalid character class [:{name}:]");
                }

                sb.Append(Ranges(negate ? Complement(posix) : posix));
                i = end + 2;
                continue;
            }

            if (p[i] == '\\' && i + 1 < p.Length)
            {
                var j = i + 1;
                var ranges = ClassEscape(p, ref j, out var unicode);
                if (unicode is not null || ranges is not null)
                {
                    sb.Append(unicode ?? Ranges(ranges!));
                    i = j;
                    continue;
                }
            }

            var lo = ClassChar(p, ref i);
            var hi = lo;
            if (i + 1 < p.Length && p[i] == '-' && p[i + 1] != ']')
            {
                i++;
                hi = ClassChar(p, ref i);
                if (hi < lo)
                {
                    throw Re2Pattern.Invalid(p, "invalid character class range");
                }
            }

            sb.Append(Ranges([(lo, hi)]));
        }

        if (i >= p.Length)
        {
            throw Re2Pattern.Invalid(p, "missing closing ]");
        }

        i++;
        return sb.Append(']').ToString();
    }

    private static int ClassChar(string p, ref int i)
    {
        int c;
        if (p[i] == '\\')
        {
            i++;
            if (i >= p.Length)
            {
                throw Re2Pattern.Invalid(p, "trailing backslash at end of expression");
            }

            c = CharEscape(p, ref i);
        }
        else
        {
            c = char.IsHighSurrogate(p[i]) && i + 1 < p.Length && char.IsLowSurrogate(p[i + 1]) ? char.ConvertToUtf32(p[i], p[i + 1]) : p[i];
            i += c > MaxChar ? 2 : 1;
        }

        return c <= MaxChar ? c : throw Re2Pattern.Invalid(p, "characters beyond U+FFFF inside [...] are not supported");
    }

    // \d \D \s \S \w \W → ASCII ranges; \pN \p{Name} \PN \P{Name} \p{^Name} → a .NET Unicode class. Else null, i unmoved.
    private static (int Lo, int Hi)[]? ClassEscape(string p, ref int i, out string? unicode)
    {
        unicode = null;
        (int Lo, int Hi)[]? perl = p[i] switch
        {
            'd' => Digit,
            'D' => Complement(Digit),
            's' => Space,
            'S' => Complement(Space),
            'w' => Word,
            'W' => Complement(Word),
            _ => null,
        };
        if (perl is not null)
        {
            i++;
            return perl;
        }

        if (p[i] is not ('p' or 'P'))
        {
            return null;
        }

        var negate = p[i] == 'P';
        string name;
        if (i + 1 < p.Length && p[i + 1] == '{')
        {
            var end = p.IndexOf('}', i + 2);
            if (end < 0)
            {
                throw Re2Pattern.Invalid(p, "invalid character class range (unterminated \\p{)");
            }

            name = p[(i + 2)..end];
            i = end + 1;
        }
        else if (i + 1 < p.Length)
        {
            name = p[i + 1].ToString();
            i += 2;
        }
        else
        {
            throw Re2Pattern.Invalid(p, "invalid escape \\p at end of expression");
        }

        if (name.StartsWith('^'))
        {
            negate = !negate;
            name = name[1..];
        }

        if (name == "Any")
        {
            unicode = negate ? "[^\\u0000-\\uFFFF]" : "[\\u0000-\\uFFFF]";
            return null;
        }

        if (!Categories.Contains(name))
        {
            throw Re2Pattern.Invalid(p, $"Unicode class \\p{{{name}}} is not supported (general categories such as \\pL or \\p{{Lu}} are)");
        }

        unicode = (negate ? "\\P{" : "\\p{") + name + "}";
        return null;
    }

    // A single-character escape (i just after the backslash): \a \f \t \n \r \v, \x7F, \x{10FFFF}, octal \012, or \ + ASCII punctuation.
    private static int CharEscape(string p, ref int i)
    {
        var c = p[i++];
        switch (c)
        {
            case 'a': return 7;
            case 'f': return 12;
            case 't': return 9;
            case 'n': return 10;
            case 'r': return 13;
            case 'v': return 11;
            case 'x': return Hex(p, ref i);
            case >= '0' and <= '7' when IsOctalEscape(p, i - 1):
                var value = c - '0';
                for (var n = 0; n < 2 && i < p.Length && p[i] is >= '0' and <= '7'; n++)
                {
                    value = (value * 8) + (p[i++] - '0');
                }

                return value;
            case < (char)0x80 when !char.IsAsciiLetterOrDigit(c): return c;
            default: throw Re2Pattern.Invalid(p, $"invalid escape sequence \\{PrintableText.Escape(c.ToString())}");
        }
    }

    private static int Hex(string p, ref int i)
    {
        string digits;
        if (i < p.Length && p[i] == '{')
        {
            var end = p.IndexOf('}', i + 1);
            digits = end < 0 ? "" : p[(i + 1)..end];
            i = end < 0 ? p.Length : end + 1;
        }
        else
        {
            digits = i + 2 <= p.Length ? p.Substring(i, 2) : "";
            i += 2;
        }

        if (digits.Length is 0 or > 8 || !digits.All(char.IsAsciiHexDigit))
        {
            throw Re2Pattern.Invalid(p, "invalid escape sequence \\x");
        }

        var v = long.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return v <= 0x10FFFF ? (int)v : throw Re2Pattern.Invalid(p, "invalid escape sequence \\x (beyond U+10FFFF)");
    }

    private static (int Lo, int Hi)[] Complement((int Lo, int Hi)[] ranges)
    {
        var result = new List<(int, int)>();
        var next = 0;
        foreach (var (lo, hi) in ranges)
        {
            if (lo > next)
            {
                result.Add((next, lo - 1));
            }

            next = hi + 1;
        }

        if (next <= MaxChar)
        {
            result.Add((next, MaxChar));
        }

        return [.. result];
    }

    private static string Ranges((int Lo, int Hi)[] ranges)
        => string.Concat(ranges.Select(r => r.Lo == r.Hi ? U(r.Lo) : U(r.Lo) + "-" + U(r.Hi)));

    private static string U(int c) => "\\u" + c.ToString("X4", CultureInfo.InvariantCulture);
}
