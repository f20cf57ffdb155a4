using System.Buffers;
using System.Text;

namespace Signet.Analysis.Static;

/// <summary>
/// A JavaScript lexer that only finds string literals (quoted and template text), skipping comments and regular-expression
/// literals (ECMA-262 §12.8: a <c>/</c> starts a regular expression where an expression may begin, told apart by the token
/// before it). It feeds the literal checks at a fraction of a full parse's cost, for sources in which nothing needs the
/// syntax tree (see <see cref="NeedsSyntaxTree"/>), and for sources the parser refuses (JSX, Flow, TypeScript).
/// </summary>
internal static class JavaScriptLiterals
{
    /// <summary>
    /// What no syntax-tree rule can fire without: a call of <c>eval</c> or <c>Function</c>, a string handed to a timer,
    /// <c>child_process</c>, the <c>vm</c> and <c>dns</c> modules, the whole environment passed on, obfuscator names, token
    /// variables and credential paths (their rule combines with the file's network use, which the tree tells).
    /// </summary>
    private static readonly SearchValues<string> TreeTriggers = SearchValues.Create(
    [
        "eval(", "Function(", "(process.env)", "setTimeout(\"", "setTimeout('", "setTimeout(`", "setInterval(\"", "setInterval('", "setInterval(`",
        .. Modules("child_process"), .. Modules("vm"), .. Modules("dns"), .. Modules("dns/promises"),
        .. Indicators.TokenVariables,
    ], StringComparison.Ordinal);

    private static readonly HashSet<string> RegexAfterWords = new(StringComparer.Ordinal)
    {
        "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await", "instanceof",
    };

    /// <summary>
    /// Whether a trigger occurs as a whole word (<c>isFunction(</c> does not count for <c>Function(</c>), or a credential
    /// path anywhere, or obfuscator names in number.
    /// </summary>
    public static bool NeedsSyntaxTree(string source)
    {
        var span = source.AsSpan();
        for (var at = 0; at < span.Length;)
        {
            var hit = span[at..].IndexOfAny(TreeTriggers);
            if (hit < 0)
            {
                break;
            }

            var k = at + hit;
            if (k == 0 || !IsIdentifierChar(span[k - 1]) || !IsIdentifierChar(span[k]))
            {
                return true;
            }

            at = k + 1;
        }

        return Indicators.NamesCredentials(source) || span.Count("_0x") >= 10;
    }

    /// <summary>How code loads a module: <c>require("m")</c>, <c>from 'm'</c>, <c>import("m")</c>, <c>"node:m"</c>.</summary>
    private static IEnumerable<string> Modules(string m)
        => ["require(\"" + m + "\")", "require('" + m + "')", "from \"" + m + "\"", "from '" + m + "'", "import(\"" + m + "\")", "import('" + m + "')",
            "\"node:" + m + "\"", "'node:" + m + "'", "`node:" + m + "`"];

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$';


    /// <summary>Runs the literal checks on every string literal, and the hex-escape obfuscation count.</summary>
    public static void Scan(string source, FileFacts facts)
    {
        int literals = 0, hexEscaped = 0;
        Lex(source, 0, false, (value, raw) =>
        {
            literals++;
            if (raw)
            {
                hexEscaped++;
            }

            Indicators.Scan(value, Indicators.Context.Literal, facts);
        });
        if (hexEscaped >= 50 && hexEscaped * 3 >= literals)
        {
            facts.Add(Rules.ObfuscatedCode, Severity.Medium, $"{hexEscaped} of {literals} string literals written as \\x escapes");
        }
    }

    /// <summary>Lexes code from <paramref name="i"/>; inside a template substitution it stops at the closing brace. Returns where it stopped.</summary>
    private static int Lex(string s, int i, bool inSubstitution, Action<string, bool> literal)
    {
        var braces = 0;
        var regexAllowed = true;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                i = s.IndexOf('\n', i);
                if (i < 0)
                {
                    return s.Length;
                }
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? s.Length : end + 2;
            }
            else if (c == '/' && regexAllowed)
            {
                i = SkipRegex(s, i);
                regexAllowed = false;
            }
            else if (c is '\'' or '"')
            {
                i = Quoted(s, i, literal);
                regexAllowed = false;
            }
            else if (c == '`')
            {
                i = Template(s, i, literal);
                regexAllowed = false;
            }
            else if (char.IsLetter(c) || c is '_' or '$')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '$'))
                {
                    i++;
                }

                regexAllowed = RegexAfterWords.Contains(s[start..i]);
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '.' or '_'))
                {
                    i++;
                }

                regexAllowed = false;
            }
            else
            {
                if (c == '{')
                {
                    braces++;
                }
                else if (c == '}')
                {
                    if (inSubstitution && braces == 0)
                    {
                        return i + 1;
                    }

                    braces--;
                }

                if (!char.IsWhiteSpace(c))
                {
                    regexAllowed = c is not (')' or ']' or '}');
                }

                i++;
            }
        }

        return i;
    }

    private static int Quoted(string s, int i, Action<string, bool> literal)
    {
        var quote = s[i];
        var sb = new StringBuilder();
        var hex = false;
        i++;
        while (i < s.Length && s[i] != quote && s[i] != '\n')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                hex |= s[i + 1] == 'x';
                i = Escape(s, i, sb);
                continue;
            }

            sb.Append(s[i++]);
        }

        literal(sb.ToString(), hex);
        return Math.Min(s.Length, i + 1);
    }

    private static int Template(string s, int i, Action<string, bool> literal)
    {
        var sb = new StringBuilder();
        i++;
        while (i < s.Length && s[i] != '`')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i = Escape(s, i, sb);
            }
            else if (s[i] == '$' && i + 1 < s.Length && s[i + 1] == '{')
            {
                literal(sb.ToString(), false);
                sb.Clear();
                i = Lex(s, i + 2, true, literal);
            }
            else
            {
                sb.Append(s[i++]);
            }
        }

        literal(sb.ToString(), false);
        return Math.Min(s.Length, i + 1);
    }

    /// <summary>§12.9.4 escapes: \n \t \r \b \f \v \0, \xHH, \uHHHH, \u{H…}, line continuations; others stand for themselves.</summary>
    private static int Escape(string s, int i, StringBuilder sb)
    {
        var e = s[i + 1];
        switch (e)
        {
            case 'n': sb.Append('\n'); return i + 2;
            case 't': sb.Append('\t'); return i + 2;
            case 'r': sb.Append('\r'); return i + 2;
            case 'b': sb.Append('\b'); return i + 2;
            case 'f': sb.Append('\f'); return i + 2;
            case 'v': sb.Append('\v'); return i + 2;
            case '0': sb.Append('\0'); return i + 2;
            case '\n': return i + 2;
            case 'x' when i + 3 < s.Length && int.TryParse(s.AsSpan(i + 2, 2), System.Globalization.NumberStyles.HexNumber, null, out var x):
                sb.Append((char)x);
                return i + 4;
            case 'u' when i + 2 < s.Length && s[i + 2] == '{' && s.IndexOf('}', i + 3) is var close and > 0 && close - i <= 10
                && int.TryParse(s.AsSpan(i + 3, close - i - 3), System.Globalization.NumberStyles.HexNumber, null, out var cp) && cp <= 0x10FFFF:
                sb.Append(char.ConvertFromUtf32(cp is >= 0xD800 and <= 0xDFFF ? 0xFFFD : cp));
                return close + 1;
            case 'u' when i + 5 < s.Length && int.TryParse(s.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var u):
                sb.Append((char)u);
                return i + 6;
            default:
                sb.Append(e);
                return i + 2;
        }
    }

    private static int SkipRegex(string s, int i)
    {
        i++;
        var inClass = false;
        while (i < s.Length && s[i] != '\n')
        {
            var c = s[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }
            else if (c == '/' && !inClass)
            {
                i++;
                while (i < s.Length && char.IsAsciiLetter(s[i]))
                {
                    i++;
                }

                return i;
            }

            i++;
        }

        return i;
    }
}
