namespace Signet.Analysis.Static;

/// <summary>The kinds of token Python's <c>tokenize</c> module produces.</summary>
internal enum PythonTokenKind
{
    Name,
    Number,
    String,
    Op,
    Comment,
    Newline,
    NL,
    Indent,
    Dedent,
    ErrorToken,
    EndMarker,
}

/// <summary>One token: its kind, its exact text, and the 1-based line it starts on.</summary>
internal readonly record struct PythonToken(PythonTokenKind Kind, string Text, int Line);

/// <summary>
/// A tokenizer for Python source following the rules of the language reference §2 (Lexical analysis) as CPython's
/// <c>tokenize</c> applies them: logical lines end at NEWLINE except inside brackets or after a backslash (§2.1.5–2.1.6),
/// blank and comment lines give NL, indentation gives INDENT/DEDENT against a stack (§2.1.8, tabs to multiples of 8),
/// string literals with their prefixes and triple quotes (§2.4.1), numbers (§2.4.5), and the longest operator first (§2.5).
/// Malformed input (an unterminated string, a stray character) gives an ERRORTOKEN and tokenizing goes on, as scanners need.
/// </summary>
internal static class PythonTokenizer
{
    private static readonly string[] Operators =
    [
        "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=",
        "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":",
        ";", ".", "=",
    ];

    public static List<PythonToken> Tokenize(string source)
    {
        var tokens = new List<PythonToken>();
        var indents = new Stack<int>();
        indents.Push(0);
        int i = 0, line = 1, depth = 0;
        var atLineStart = true;
        while (i < source.Length)
        {
            if (atLineStart && depth == 0)
            {
                atLineStart = false;
                var (column, j) = Indentation(source, i);
                if (j >= source.Length)
                {
                    i = j;
                    break;
                }

                if (source[j] is not ('\n' or '\r' or '#'))
                {
                    if (column > indents.Peek())
                    {
                        indents.Push(column);
                        tokens.Add(new(PythonTokenKind.Indent, source[i..j], line));
                    }

                    while (column < indents.Peek())
                    {
                        indents.Pop();
                        tokens.Add(new(PythonTokenKind.Dedent, string.Empty, line));
                    }
                }

                i = j;
                continue;
            }

            var c = source[i];
            if (c is ' ' or '\t' or '\f')
            {
                i++;
            }
            else if (c is '\n' or '\r')
            {
                var start = i;
                i += c == '\r' && i + 1 < source.Length && source[i + 1] == '\n' ? 2 : 1;
                tokens.Add(new(depth > 0 || IsBlankLine(tokens) ? PythonTokenKind.NL : PythonTokenKind.Newline, source[start..i], line));
                line++;
                atLineStart = true;
            }
            else if (c == '\\' && i + 1 < source.Length && source[i + 1] is '\n' or '\r')
            {
                // §2.1.5 explicit line joining.
                i += source[i + 1] == '\r' && i + 2 < source.Length && source[i + 2] == '\n' ? 3 : 2;
                line++;
            }
            else if (c == '#')
            {
                var end = source.IndexOfAny(['\n', '\r'], i);
                end = end < 0 ? source.Length : end;
                tokens.Add(new(PythonTokenKind.Comment, source[i..end], line));
                i = end;
            }
            else if (StringStart(source, i) is var quoteAt and >= 0)
            {
                var (end, lines, ok) = StringEnd(source, quoteAt);
                tokens.Add(new(ok ? PythonTokenKind.String : PythonTokenKind.ErrorToken, source[i..end], line));
                line += lines;
                i = end;
            }
            else if (char.IsLetter(c) || c == '_' || c > 0x7f && char.IsLetterOrDigit(c))
            {
                var start = i;
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new(PythonTokenKind.Name, source[start..i], line));
            }
            else if (char.IsAsciiDigit(c) || c == '.' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1]))
            {
                var start = i;
                i++;
                while (i < source.Length && (char.IsAsciiLetterOrDigit(source[i]) || source[i] is '_' or '.'
                    || source[i] is '+' or '-' && source[i - 1] is 'e' or 'E' && !source[start..i].StartsWith("0x", StringComparison.OrdinalIgnoreCase)))
                {
                    i++;
                }

                tokens.Add(new(PythonTokenKind.Number, source[start..i], line));
            }
            else if (Operators.FirstOrDefault(op => string.CompareOrdinal(source, i, op, 0, op.Length) == 0) is { } op)
            {
                depth += op is "(" or "[" or "{" ? 1 : op is ")" or "]" or "}" && depth > 0 ? -1 : 0;
                tokens.Add(new(PythonTokenKind.Op, op, line));
                i += op.Length;
            }
            else
            {
                tokens.Add(new(PythonTokenKind.ErrorToken, c.ToString(), line));
                i++;
            }
        }

        if (tokens.Count > 0 && tokens[^1].Kind is not (PythonTokenKind.Newline or PythonTokenKind.NL))
        {
            tokens.Add(new(PythonTokenKind.Newline, string.Empty, line));
        }

        while (indents.Count > 1)
        {
            indents.Pop();
            tokens.Add(new(PythonTokenKind.Dedent, string.Empty, line));
        }

        tokens.Add(new(PythonTokenKind.EndMarker, string.Empty, line));
        return tokens;
    }

    /// <summary>The content of a string token: prefix and quotes removed, common escapes decoded unless raw.</summary>
    public static string StringValue(string token)
    {
        var q = token.IndexOfAny(['\'', '"']);
        if (q < 0)
        {
            return token;
        }

        var prefix = token[..q];
        var triple = token.Length - q >= 6 && token[q + 1] == token[q] && token[q + 2] == token[q];
        var quote = triple ? 3 : 1;
        if (token.Length - q < 2 * quote)
        {
            return string.Empty;
        }

        var body = token[(q + quote)..^quote];
        return prefix.Contains('r', StringComparison.OrdinalIgnoreCase) || !body.Contains('\\', StringComparison.Ordinal) ? body : Unescape(body);
    }

    /// <summary>§2.4.1.1 escape sequences: \n \t \r \0 \\ \' \" \xHH \uHHHH, line continuation; unknown escapes stay as written.</summary>
    private static string Unescape(string body)
    {
        var sb = new System.Text.StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length)
            {
                sb.Append(body[i]);
                continue;
            }

            var e = body[++i];
            var hex = e == 'x' ? 2 : e == 'u' ? 4 : 0;
            if (hex > 0 && i + hex < body.Length && int.TryParse(body.AsSpan(i + 1, hex), System.Globalization.NumberStyles.HexNumber, null, out var code))
            {
                sb.Append((char)code);
                i += hex;
                continue;
            }

            _ = e switch
            {
                'n' => sb.Append('\n'),
                't' => sb.Append('\t'),
                'r' => sb.Append('\r'),
                '0' => sb.Append('\0'),
                '\n' => sb,
                '\\' or '\'' or '"' => sb.Append(e),
                _ => sb.Append('\\').Append(e),
            };
        }

        return sb.ToString();
    }

    /// <summary>A line with no token but a comment (or nothing) ends in NL, not NEWLINE.</summary>
    private static bool IsBlankLine(List<PythonToken> tokens)
    {
        for (var k = tokens.Count - 1; k >= 0; k--)
        {
            switch (tokens[k].Kind)
            {
                case PythonTokenKind.Comment or PythonTokenKind.Indent or PythonTokenKind.Dedent:
                    continue;
                case PythonTokenKind.Newline or PythonTokenKind.NL:
                    return true;
                default:
                    return false;
            }
        }

        return true;
    }

    private static (int Column, int Next) Indentation(string s, int i)
    {
        var column = 0;
        while (i < s.Length && s[i] is ' ' or '\t' or '\f')
        {
            column = s[i] == '\t' ? ((column / 8) + 1) * 8 : s[i] == '\f' ? 0 : column + 1;
            i++;
        }

        return (column, i);
    }

    /// <summary>Where the opening quote is when a string literal (with an optional r/u/b/f prefix, §2.4.1) starts at i, else -1.</summary>
    private static int StringStart(string s, int i)
    {
        var j = i;
        while (j < s.Length && j - i < 2 && s[j] is 'r' or 'R' or 'b' or 'B' or 'u' or 'U' or 'f' or 'F')
        {
            j++;
        }

        return j < s.Length && s[j] is '\'' or '"' ? j : -1;
    }

    private static (int End, int Lines, bool Ok) StringEnd(string s, int q)
    {
        var quote = s[q];
        var triple = q + 2 < s.Length && s[q + 1] == quote && s[q + 2] == quote;
        var i = q + (triple ? 3 : 1);
        var lines = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\')
            {
                if (i + 1 < s.Length && s[i + 1] == '\n')
                {
                    lines++;
                }

                i += 2;
                continue;
            }

            if (c == '\n')
            {
                if (!triple)
                {
                    return (i, lines, false);
                }

                lines++;
            }
            else if (c == quote && (!triple || i + 2 < s.Length && s[i + 1] == quote && s[i + 2] == quote))
            {
                return (i + (triple ? 3 : 1), lines, true);
            }

            i++;
        }

        return (s.Length, lines, false);
    }
}
