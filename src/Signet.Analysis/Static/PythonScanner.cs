namespace Signet.Analysis.Static;

/// <summary>
/// The Python rules, over <see cref="PythonTokenizer"/>'s tokens: <c>exec</c>/<c>eval</c>/<c>compile</c> fed computed,
/// decoded or downloaded code; shells through <c>os.system</c>/<c>subprocess</c>; DNS names built from data; the whole
/// environment serialised; network imports; and every string literal through <see cref="Indicators"/>.
/// Names are resolved through <c>import x as y</c> and <c>from x import y</c>.
/// </summary>
internal static class PythonScanner
{
    private static readonly HashSet<string> NetworkModules = new(StringComparer.Ordinal)
    {
        "socket", "urllib", "urllib2", "urllib3", "requests", "httpx", "aiohttp", "http", "ftplib", "smtplib", "telnetlib", "dns",
    };

    private static readonly string[] DecoderNames =
    [
        "b64decode", "b32decode", "b16decode", "b85decode", "a85decode", "decodebytes", "decodestring", "unhexlify", "fromhex",
        "decompress", "codecs.decode", "marshal.loads", "loads", "rot13", "bytes.fromhex",
    ];

    private static readonly string[] FetcherNames = ["urlopen", "urlretrieve", "requests.get", "requests.post", "httpx.get", "urllib.request", "http.client"];

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "/bin/sh", "/bin/bash", "cmd", "cmd.exe", "powershell", "pwsh" };

    public static void Scan(string source, FileFacts facts)
    {
        var tokens = PythonTokenizer.Tokenize(source);
        var code = tokens.Where(t => t.Kind is PythonTokenKind.Name or PythonTokenKind.String or PythonTokenKind.Op or PythonTokenKind.Number).ToList();
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < code.Count; i++)
        {
            var t = code[i];
            if (t.Kind == PythonTokenKind.String)
            {
                Indicators.Scan(PythonTokenizer.StringValue(t.Text), Indicators.Context.Literal, facts);
                continue;
            }

            if (t.Kind != PythonTokenKind.Name || i > 0 && code[i - 1].Text == ".")
            {
                continue;
            }

            if (t.Text is "import" or "from")
            {
                i = Import(code, i, aliases, facts);
                continue;
            }

            var (name, next) = Dotted(code, i, aliases);
            if (next < code.Count && code[next].Text == "(")
            {
                var close = Matching(code, next);
                Call(name, code.GetRange(next + 1, Math.Max(0, close - next - 1)), aliases, facts);
            }

            i = next - 1;
        }
    }

    private static void Call(string name, List<PythonToken> args, Dictionary<string, string> aliases, FileFacts facts)
    {
        var root = name.Split('.')[0];
        if (NetworkModules.Contains(root))
        {
            facts.UsesNetwork = true;
        }

        var argNames = ArgNames(args, aliases);
        switch (name)
        {
            case "exec" or "eval" or "compile" or "builtins.exec" or "builtins.eval":
                if (args.Count == 0 || args.Count >= 1 && args[0].Kind == PythonTokenKind.String && (args.Count == 1 || args[1].Text == ","))
                {
                    return;
                }

                if (argNames.FirstOrDefault(n => DecoderNames.Any(d => n == d || n.EndsWith("." + d, StringComparison.Ordinal))) is { } decoder)
                {
                    facts.Add(Rules.DecodedExec, Severity.High, $"{name}({decoder}(…))");
                }
                else if (argNames.FirstOrDefault(n => FetcherNames.Any(f => n.Contains(f, StringComparison.Ordinal))) is { } fetcher)
                {
                    facts.Add(Rules.DownloadExec, Severity.High, $"{name} of code from {fetcher}");
                }
                else
                {
                    facts.Add(Rules.DynamicCode, Severity.Medium, $"{name} of a computed string");
                }

                break;
            case "os.system" or "os.popen" or "commands.getoutput" or "pty.spawn":
                Shell(name, args, facts);
                break;
            case "subprocess.run" or "subprocess.call" or "subprocess.Popen" or "subprocess.check_output" or "subprocess.check_call" or "subprocess.getoutput":
                var literals = args.Where(a => a.Kind == PythonTokenKind.String).Select(a => PythonTokenizer.StringValue(a.Text)).ToList();
                if (HasShellTrue(args) || literals.Count > 0 && Shells.Contains(literals[0]) || name == "subprocess.getoutput")
                {
                    Shell(name, args, facts);
                }

                break;
            case "socket.gethostbyname" or "socket.gethostbyname_ex" or "socket.getaddrinfo" or "dns.resolver.resolve" or "dns.resolver.query" or "dns.resolver.Resolver.resolve":
                if (IsBuiltName(args))
                {
                    facts.Add(Rules.DnsExfil, Severity.High, $"{name} of a name built from data");
                }

                break;
            case "json.dumps" or "str" or "repr" or "urllib.parse.urlencode" or "base64.b64encode" when argNames.Contains("os.environ") && !HasSubscript(args):
                facts.Add(Rules.SensitiveRead, Severity.Medium, $"whole environment passed to {name}");
                break;
        }
    }

    private static void Shell(string name, List<PythonToken> args, FileFacts facts)
    {
        var literal = string.Join(' ', args.Where(a => a.Kind == PythonTokenKind.String).Select(a => PythonTokenizer.StringValue(a.Text)));
        facts.Add(Rules.ShellSpawn, Severity.Medium, literal.Length > 0 ? $"{name}: {literal}" : $"{name} of a computed command");
        if (literal.Length > 0)
        {
            Indicators.Scan(literal, Indicators.Context.Shell, facts);
        }
    }

    private static bool HasShellTrue(List<PythonToken> args)
    {
        for (var i = 0; i + 2 < args.Count; i++)
        {
            if (args[i].Text == "shell" && args[i + 1].Text == "=" && args[i + 2].Text != "False")
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSubscript(List<PythonToken> args) => args.Any(a => a.Text is "[" or "get");

    /// <summary>An f-string with a replacement field and a dot, or a literal with a dot joined by <c>+</c>, <c>%</c> or <c>.format</c>.</summary>
    private static bool IsBuiltName(List<PythonToken> args)
    {
        var first = args.TakeWhile(a => a.Text != ",").ToList();
        var literalWithDot = first.Any(a => a.Kind == PythonTokenKind.String && PythonTokenizer.StringValue(a.Text).Contains('.', StringComparison.Ordinal));
        var fString = first.Any(a => a.Kind == PythonTokenKind.String && a.Text.TakeWhile(ch => ch is not ('\'' or '"')).Any(ch => ch is 'f' or 'F') && a.Text.Contains('{', StringComparison.Ordinal));
        var joined = first.Any(a => a.Text is "+" or "%" or "format" or "join");
        return literalWithDot && (fString || joined);
    }

    private static List<string> ArgNames(List<PythonToken> args, Dictionary<string, string> aliases)
    {
        var names = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].Kind == PythonTokenKind.Name && (i == 0 || args[i - 1].Text != "."))
            {
                var (name, next) = Dotted(args, i, aliases);
                names.Add(name);
                names.Add(name.Split('.')[^1]);
                i = next - 1;
            }
        }

        return names;
    }

    /// <summary>Reads <c>a.b.c</c> from token i, resolving the first part through the import aliases.</summary>
    private static (string Name, int Next) Dotted(List<PythonToken> t, int i, Dictionary<string, string> aliases)
    {
        var name = aliases.TryGetValue(t[i].Text, out var a) ? a : t[i].Text;
        var j = i + 1;
        while (j + 1 < t.Count && t[j].Text == "." && t[j + 1].Kind == PythonTokenKind.Name)
        {
            name += "." + t[j + 1].Text;
            j += 2;
        }

        return (name, j);
    }

    /// <summary><c>import a.b as c</c>, <c>from a import b as c</c>: records aliases and network imports; returns the last token used.</summary>
    private static int Import(List<PythonToken> t, int i, Dictionary<string, string> aliases, FileFacts facts)
    {
        string? from = null;
        var j = i + 1;
        if (t[i].Text == "from")
        {
            // `from` as the file's last token (found by fuzz/ package-archive): there is no module name to read.
            if (j >= t.Count)
            {
                return i;
            }

            (from, j) = Dotted(t, j, []);
            if (j >= t.Count || t[j].Text != "import")
            {
                return j - 1;
            }

            j++;
        }

        while (j < t.Count && t[j].Kind == PythonTokenKind.Name || j < t.Count && t[j].Text is "(" or ",")
        {
            if (t[j].Kind != PythonTokenKind.Name)
            {
                j++;
                continue;
            }

            var (name, next) = Dotted(t, j, []);
            var full = from is null ? name : from + "." + name;
            var local = name.Split('.')[0];
            if (next + 1 < t.Count && t[next].Text == "as" && t[next + 1].Kind == PythonTokenKind.Name)
            {
                local = t[next + 1].Text;
                aliases[local] = full;
                next += 2;
            }
            else if (from is not null)
            {
                aliases[local] = full;
            }

            if (NetworkModules.Contains(full.Split('.')[0]))
            {
                facts.UsesNetwork = true;
            }

            j = next;
            if (j < t.Count && t[j].Text != ",")
            {
                break;
            }
        }

        return j - 1;
    }

    private static int Matching(List<PythonToken> t, int open)
    {
        var depth = 0;
        for (var k = open; k < t.Count; k++)
        {
            depth += t[k].Text is "(" or "[" or "{" ? 1 : t[k].Text is ")" or "]" or "}" ? -1 : 0;
            if (depth == 0)
            {
                return k;
            }
        }

        return t.Count;
    }
}
