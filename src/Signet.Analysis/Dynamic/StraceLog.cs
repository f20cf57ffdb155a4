using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Signet.Analysis.Dynamic;

/// <summary>One system call from strace's log: the process, the call, its argument text and its return value.</summary>
internal sealed record StraceCall(int Pid, string Name, string Args, long? Result);

/// <summary>
/// Reads the log of <c>strace -f -qq</c> (one line per call, prefixed with the pid): joins <c>&lt;unfinished ...&gt;</c> and
/// <c>&lt;... NAME resumed&gt;</c> halves, keeps <c>+++ killed by SIG +++</c> exits, and splits arguments and decodes
/// strace's C-style strings. Lines it does not know (signals, warnings) are skipped.
/// </summary>
internal static partial class StraceLog
{
    public static (List<StraceCall> Calls, Dictionary<int, string> Killed) Parse(IEnumerable<string> lines)
    {
        var calls = new List<StraceCall>();
        var killed = new Dictionary<int, string>();
        var pending = new Dictionary<int, string>();
        foreach (var raw in lines)
        {
            var m = PidPrefix().Match(raw);
            if (!m.Success)
            {
                continue;
            }

            var pid = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var rest = raw[m.Length..];
            if (rest.StartsWith("+++ killed by ", StringComparison.Ordinal))
            {
                killed[pid] = rest["+++ killed by ".Length..].Split(' ')[0];
                continue;
            }

            if (rest.EndsWith("<unfinished ...>", StringComparison.Ordinal))
            {
                pending[pid] = rest[..^"<unfinished ...>".Length];
                continue;
            }

            if (Resumed().Match(rest) is { Success: true } r)
            {
                if (!pending.Remove(pid, out var head))
                {
                    continue;
                }

                rest = head + rest[r.Length..];
            }

            if (Call().Match(rest) is { Success: true } c)
            {
                // --pidns-translation: a pid returned inside the sandbox's PID namespace is followed by the host's pid.
                var value = Translated().Match(rest) is { Success: true } t ? t.Groups[1].Value : c.Groups[3].Value;
                long? result = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
                calls.Add(new StraceCall(pid, c.Groups[1].Value, c.Groups[2].Value, result));
            }
        }

        return (calls, killed);
    }

    /// <summary>Splits an argument list at top-level commas (outside quotes, brackets and braces).</summary>
    public static List<string> SplitArgs(string args)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        var quoted = false;
        for (var i = 0; i < args.Length; i++)
        {
            var ch = args[i];
            if (quoted)
            {
                if (ch == '\\')
                {
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (ch)
            {
                case '"': quoted = true; break;
                case '[' or '{' or '(': depth++; break;
                case ']' or '}' or ')': depth--; break;
                case ',' when depth == 0:
                    parts.Add(args[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        if (start < args.Length)
        {
            parts.Add(args[start..].Trim());
        }

        return parts;
    }

    /// <summary>Every quoted string in <paramref name="text"/>, unescaped (for argv arrays).</summary>
    public static List<string> Strings(string text)
    {
        var list = new List<string>();
        foreach (Match m in QuotedString().Matches(text))
        {
            list.Add(Unquote(m.Value));
        }

        return list;
    }

    /// <summary>strace's C string: <c>"a\"b\n\x41\101"</c> → its characters; a trailing <c>...</c> (truncated) is dropped.</summary>
    public static string Unquote(string s)
    {
        var t = s.EndsWith("...", StringComparison.Ordinal) ? s[..^3] : s;
        if (t.Length < 2 || t[0] != '"' || t[^1] != '"')
        {
            return t;
        }

        var body = t[1..^1];
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length)
            {
                sb.Append(body[i]);
                continue;
            }

            var e = body[++i];
            if (e == 'x' && i + 2 < body.Length && int.TryParse(body.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
            {
                sb.Append((char)hex);
                i += 2;
            }
            else if (e is >= '0' and <= '7')
            {
                var n = 0;
                var k = 0;
                while (k < 3 && i + k < body.Length && body[i + k] is >= '0' and <= '7')
                {
                    n = (n * 8) + (body[i + k] - '0');
                    k++;
                }

                sb.Append((char)n);
                i += k - 1;
            }
            else
            {
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'v' => '\v', 'f' => '\f', _ => e });
            }
        }

        return sb.ToString();
    }

    /// <summary>The IP address and port of a <c>struct sockaddr</c> as strace prints it, or null for other families.</summary>
    public static (string Address, int Port)? SocketAddress(string args)
    {
        if (Inet4().Match(args) is { Success: true } v4)
        {
            return (v4.Groups[2].Value, int.Parse(v4.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        if (Inet6().Match(args) is { Success: true } v6)
        {
            return (v6.Groups[2].Value, int.Parse(v6.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        return null;
    }

    [GeneratedRegex(@"=\s+-?\d+ /\* (\d+) in strace's PID NS \*/")]
    private static partial Regex Translated();

    [GeneratedRegex(@"^(\d+)\s+")]
    private static partial Regex PidPrefix();

    [GeneratedRegex(@"^<\.\.\. [a-z0-9_]+ resumed>")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"^([a-z0-9_]+)\((.*)\)\s+=\s+(-?\d+|\?|0x[0-9a-f]+)", RegexOptions.Singleline)]
    private static partial Regex Call();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""(?:\.\.\.)?")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"sin_port=htons\((\d+)\), sin_addr=inet_addr\(""([^""]+)""\)")]
    private static partial Regex Inet4();

    [GeneratedRegex(@"sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, ""([^""]+)""")]
    private static partial Regex Inet6();
}
