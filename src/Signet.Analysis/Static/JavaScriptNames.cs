using Acornima.Ast;

namespace Signet.Analysis.Static;

/// <summary>
/// Resolves what a callee or member names, through the module aliases a file sets up: <c>const cp = require('child_process')</c>,
/// <c>const { exec } = require('node:child_process')</c>, <c>import dns from 'dns'</c>. <c>cp.exec</c> then reads as
/// <c>child_process.exec</c>.
/// </summary>
internal sealed class JavaScriptNames
{
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    /// <summary>The dotted name of an expression, or null when it is not a plain name, member chain or require call.</summary>
    public string? Of(Node? e, int depth = 0)
    {
        if (depth > 16)
        {
            return null;
        }

        switch (e)
        {
            case Identifier id:
                return _aliases.TryGetValue(id.Name, out var alias) ? alias : id.Name;
            case MemberExpression m:
                var obj = Of(m.Object, depth + 1);
                if (obj is null)
                {
                    return null;
                }

                return m.Property switch
                {
                    Identifier p when !m.Computed => obj + "." + p.Name,
                    StringLiteral s => obj + "." + s.Value,
                    _ => obj + ".?",
                };
            case CallExpression c when c.Callee is Identifier { Name: "require" } && c.Arguments.Count >= 1 && c.Arguments[0] is StringLiteral module:
                return Module(module.Value);
            case ChainExpression chain:
                return Of(chain.Expression, depth + 1);
            default:
                return null;
        }
    }

    /// <summary>Records the aliases a declaration or import introduces.</summary>
    public void Learn(Node node)
    {
        switch (node)
        {
            case VariableDeclarator { Init: { } init } d when IsModuleValue(init) && Of(init) is { } target:
                Bind(d.Id, target);
                break;
            case ImportDeclaration imp:
                var module = Module(imp.Source.Value);
                foreach (var spec in imp.Specifiers)
                {
                    switch (spec)
                    {
                        case ImportSpecifier named:
                            _aliases[named.Local.Name] = module + "." + (named.Imported is Identifier i ? i.Name : named.Imported is StringLiteral s ? s.Value : "?");
                            break;
                        default:
                            _aliases[spec.Local.Name] = module;
                            break;
                    }
                }

                break;
        }
    }

    /// <summary><c>node:fs</c> → <c>fs</c>, <c>dns/promises</c> → <c>dns</c>.</summary>
    public static string Module(string specifier)
    {
        var m = specifier.StartsWith("node:", StringComparison.Ordinal) ? specifier[5..] : specifier;
        return m.EndsWith("/promises", StringComparison.Ordinal) ? m[..^"/promises".Length] : m;
    }

    private static bool IsModuleValue(Node init) => init switch
    {
        CallExpression { Callee: Identifier { Name: "require" } } => true,
        MemberExpression m => IsModuleValue(m.Object),
        _ => false,
    };

    private void Bind(Node pattern, string target)
    {
        switch (pattern)
        {
            case Identifier id:
                _aliases[id.Name] = target;
                break;
            case ObjectPattern o:
                foreach (var p in o.Properties)
                {
                    if (p is Property { Key: Identifier key } prop)
                    {
                        var local = prop.Value switch
                        {
                            Identifier v => v,
                            AssignmentPattern { Left: Identifier v } => v,
                            _ => null,
                        };
                        if (local is not null)
                        {
                            _aliases[local.Name] = target + "." + key.Name;
                        }
                    }
                }

                break;
        }
    }
}
