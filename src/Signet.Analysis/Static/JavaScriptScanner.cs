using Acornima;
using Acornima.Ast;

namespace Signet.Analysis.Static;

/// <summary>
/// The JavaScript rules, over Acornima's syntax tree: code sinks (<c>eval</c>, <c>Function</c>, <c>vm</c>) fed computed,
/// decoded or downloaded strings; shells and downloads through <c>child_process</c>; DNS names built from data; token
/// variables and the whole environment; obfuscator fingerprints; and every string literal through <see cref="Indicators"/>.
/// A source without any word a tree rule needs, or one that does not parse (JSX, Flow, TypeScript), gets the literal
/// checks through <see cref="JavaScriptLiterals"/> only.
/// </summary>
internal static class JavaScriptScanner
{
    /// <summary>The largest source parsed; bigger files (bundles of many megabytes) get the text checks only.</summary>
    public const int MaxParsedChars = 16 << 20;

    private static readonly HashSet<string> NetworkModules = new(StringComparer.Ordinal)
    {
        "http", "https", "http2", "net", "tls", "dgram", "dns", "axios", "node-fetch", "request", "got", "undici", "ws", "socket.io-client",
    };

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal)
    {
        "sh", "bash", "zsh", "dash", "/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh",
    };

    public static void Scan(string source, FileFacts facts)
    {
        // Most sources hold nothing a syntax-tree rule looks for: their literals are checked by the lexer alone.
        var root = source.Length <= MaxParsedChars && JavaScriptLiterals.NeedsSyntaxTree(source) ? JavaScriptParser.TryParse(source) : null;
        if (root is null)
        {
            JavaScriptLiterals.Scan(source, facts);
            return;
        }

        var names = new JavaScriptNames();
        int obfuscatedIds = 0, hexEscaped = 0, literals = 0;
        var stack = new Stack<Node>();
        stack.Push(root);
        var children = new List<Node>();
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            names.Learn(node);
            switch (node)
            {
                case StringLiteral s:
                    literals++;
                    if (s.Raw.Contains("\\x", StringComparison.Ordinal))
                    {
                        hexEscaped++;
                    }

                    Indicators.Scan(s.Value, Indicators.Context.Literal, facts);
                    break;
                case TemplateElement t when t.Value.Cooked is { } cooked:
                    Indicators.Scan(cooked, Indicators.Context.Literal, facts);
                    break;
                case Identifier id when id.Name.StartsWith("_0x", StringComparison.Ordinal) && id.Name.Length >= 7:
                    obfuscatedIds++;
                    break;
                case CallExpression c when Interesting(c.Callee):
                    Call(names.Of(c.Callee), c.Arguments, names, facts);
                    break;
                case NewExpression n when Interesting(n.Callee):
                    Call(names.Of(n.Callee), n.Arguments, names, facts);
                    break;
                case CallExpression { Callee: Identifier { Name: "require" } } r when r.Arguments.Count > 0 && r.Arguments[0] is StringLiteral m
                    && NetworkModules.Contains(JavaScriptNames.Module(m.Value)):
                    facts.UsesNetwork = true;
                    break;
                case ImportDeclaration imp when NetworkModules.Contains(JavaScriptNames.Module(imp.Source.Value)):
                    facts.UsesNetwork = true;
                    break;
                case MemberExpression m when !m.Computed && m.Property is Identifier p && Indicators.TokenVariables.Contains(p.Name) && names.Of(m.Object) == "process.env":
                    facts.Add(Rules.SensitiveRead, Severity.Medium, "environment " + p.Name);
                    break;
            }

            children.Clear();
            foreach (var child in node.ChildNodes)
            {
                children.Add(child);
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }

        // javascript-obfuscator names everything _0x…; its string arrays are \x-escaped.
        if (obfuscatedIds >= 10)
        {
            facts.Add(Rules.ObfuscatedCode, Severity.Medium, $"{obfuscatedIds} _0x… identifiers (javascript-obfuscator)");
        }
        else if (hexEscaped >= 50 && hexEscaped * 3 >= literals)
        {
            facts.Add(Rules.ObfuscatedCode, Severity.Medium, $"{hexEscaped} of {literals} string literals written as \\x escapes");
        }
    }

    /// <summary>
    /// The last name of every callee a rule looks at. Resolving a callee's full dotted name allocates, so it is done only
    /// for these (a bundle has hundreds of thousands of calls).
    /// </summary>
    private static readonly HashSet<string> CallNames = new(StringComparer.Ordinal)
    {
        "eval", "Function", "runInThisContext", "runInNewContext", "runInContext", "compileFunction", "Script", "setTimeout", "setInterval",
        "exec", "execSync", "spawn", "spawnSync", "execFile", "execFileSync", "stringify", "URLSearchParams", "btoa",
        "lookup", "lookupService", "reverse", "fetch", "XMLHttpRequest", "WebSocket",
    };

    private static bool Interesting(Expression callee) => callee switch
    {
        Identifier id => CallNames.Contains(id.Name) || id.Name.StartsWith("resolve", StringComparison.Ordinal),
        MemberExpression { Computed: false, Property: Identifier p } => CallNames.Contains(p.Name) || p.Name.StartsWith("resolve", StringComparison.Ordinal),
        MemberExpression { Property: StringLiteral s } => CallNames.Contains(s.Value),
        ChainExpression chain => Interesting(chain.Expression),
        _ => false,
    };

    private static void Call(string? callee, in NodeList<Expression> args, JavaScriptNames names, FileFacts facts)
    {
        if (callee is null)
        {
            return;
        }

        var dot = callee.IndexOf('.', StringComparison.Ordinal);
        var module = dot < 0 ? callee : callee[..dot];
        if (NetworkModules.Contains(module) || callee is "fetch" or "XMLHttpRequest" or "WebSocket" or "globalThis.fetch" or "window.fetch")
        {
            facts.UsesNetwork = true;
        }

        switch (callee)
        {
            case "eval" or "window.eval" or "global.eval" or "globalThis.eval" or "Function" or "window.Function" or "globalThis.Function"
                or "vm.runInThisContext" or "vm.runInNewContext" or "vm.runInContext" or "vm.compileFunction" or "vm.Script":
                if (args.Count > 0)
                {
                    Sink(callee, callee.EndsWith("Function", StringComparison.Ordinal) ? args[^1] : args[0], names, facts);
                }

                break;
            case "setTimeout" or "setInterval" when args.Count > 0 && args[0] is StringLiteral or TemplateLiteral:
                facts.Add(Rules.DynamicCode, Severity.Medium, $"{callee} with a string of code");
                break;
            case "child_process.exec" or "child_process.execSync":
                ShellCommand(callee, args, facts);
                break;
            case "child_process.spawn" or "child_process.spawnSync" or "child_process.execFile" or "child_process.execFileSync":
                if (args.Count > 0 && (args[0] is StringLiteral { Value: var program } && Shells.Contains(program) || HasShellOption(args)))
                {
                    ShellCommand(callee, args, facts);
                }

                break;
            case "JSON.stringify" or "URLSearchParams" or "querystring.stringify" or "btoa" when args.Count > 0 && names.Of(args[0]) == "process.env":
                facts.Add(Rules.SensitiveRead, Severity.Medium, $"whole environment passed to {callee}");
                break;
        }

        if (module == "dns" && args.Count > 0 && IsBuiltName(args[0]))
        {
            facts.Add(Rules.DnsExfil, Severity.High, $"{callee} of a name built from data");
        }

    }

    private static void Sink(string callee, Expression code, JavaScriptNames names, FileFacts facts)
    {
        if (code is StringLiteral)
        {
            return;
        }

        var decoder = FindCall(code, names, static n => n is "atob" or "Buffer.from" or "Buffer" or "String.fromCharCode" or "unescape" or "decodeURIComponent"
            || n.StartsWith("zlib.", StringComparison.Ordinal));
        if (decoder is not null)
        {
            facts.Add(Rules.DecodedExec, Severity.High, $"{callee}({decoder}(…))");
            return;
        }

        var fetcher = FindCall(code, names, static n => n is "fetch" || n.StartsWith("http.", StringComparison.Ordinal) || n.StartsWith("https.", StringComparison.Ordinal)
            || n.StartsWith("axios", StringComparison.Ordinal));
        if (fetcher is not null)
        {
            facts.Add(Rules.DownloadExec, Severity.High, $"{callee} of code from {fetcher}");
            return;
        }

        facts.Add(Rules.DynamicCode, Severity.Medium, $"{callee} of a computed string");
    }

    private static void ShellCommand(string callee, in NodeList<Expression> args, FileFacts facts)
    {
        var literal = string.Join(' ', args.OfType<StringLiteral>().Select(s => s.Value)
            .Concat(args.OfType<ArrayExpression>().SelectMany(a => a.Elements.OfType<StringLiteral>().Select(s => s.Value))));
        facts.Add(Rules.ShellSpawn, Severity.Medium, literal.Length > 0 ? $"{callee}: {literal}" : $"{callee} of a computed command");
        if (literal.Length > 0)
        {
            Indicators.Scan(literal, Indicators.Context.Shell, facts);
        }
    }

    private static bool HasShellOption(in NodeList<Expression> args)
    {
        foreach (var a in args)
        {
            if (a is ObjectExpression o && o.Properties.OfType<Property>().Any(p => p.Key is Identifier { Name: "shell" } && p.Value is not BooleanLiteral { Value: false }))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A template or concatenation with a literal <c>.suffix</c> and at least one computed part: a name built from data.</summary>
    private static bool IsBuiltName(Expression e) => e switch
    {
        TemplateLiteral t => t.Expressions.Count > 0 && t.Quasis.Any(q => q.Value.Cooked?.Contains('.', StringComparison.Ordinal) == true),
        BinaryExpression { Operator: Operator.Addition } b => Parts(b).Any(p => p is StringLiteral s && s.Value.Contains('.', StringComparison.Ordinal))
            && Parts(b).Any(p => p is not StringLiteral),
        _ => false,
    };

    private static IEnumerable<Expression> Parts(BinaryExpression b)
    {
        foreach (var side in new[] { b.Left, b.Right })
        {
            if (side is BinaryExpression { Operator: Operator.Addition } inner)
            {
                foreach (var p in Parts(inner))
                {
                    yield return p;
                }
            }
            else
            {
                yield return side;
            }
        }
    }

    /// <summary>The first call inside <paramref name="root"/> (at most 2,000 nodes deep into it) whose name matches.</summary>
    private static string? FindCall(Node root, JavaScriptNames names, Func<string, bool> match)
    {
        var stack = new Stack<Node>();
        stack.Push(root);
        var seen = 0;
        while (stack.Count > 0 && seen++ < 2000)
        {
            var node = stack.Pop();
            var callee = node switch
            {
                CallExpression c => names.Of(c.Callee),
                NewExpression n => names.Of(n.Callee),
                _ => null,
            };
            if (callee is not null && match(callee))
            {
                return callee;
            }

            foreach (var child in node.ChildNodes)
            {
                stack.Push(child);
            }
        }

        return null;
    }
}
