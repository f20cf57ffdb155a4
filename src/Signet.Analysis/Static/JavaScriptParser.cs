using Acornima;
using Acornima.Ast;

namespace Signet.Analysis.Static;

/// <summary>Parses JavaScript with Acornima, leniently: script first (CommonJS), module when the source imports or exports.</summary>
internal static class JavaScriptParser
{
    private static readonly ParserOptions Options = new()
    {
        EcmaVersion = EcmaVersion.Latest,
        AllowReturnOutsideFunction = true,
        AllowImportExportEverywhere = true,
        AllowAwaitOutsideFunction = true,
        AllowHashBang = true,
        AllowReserved = AllowReservedOption.Yes,
        Tolerant = true,
    };

    /// <summary>The program's syntax tree, or null when the source is not JavaScript either way (JSX, Flow, TypeScript, broken).</summary>
    public static Node? TryParse(string source)
    {
        var parser = new Parser(Options);
        var moduleFirst = source.Contains("import ", StringComparison.Ordinal) || source.Contains("export ", StringComparison.Ordinal);
        try
        {
            return moduleFirst ? parser.ParseModule(source) : parser.ParseScript(source);
        }
        catch (ParseErrorException)
        {
        }

        try
        {
            return moduleFirst ? parser.ParseScript(source) : parser.ParseModule(source);
        }
        catch (ParseErrorException)
        {
            return null;
        }
    }
}
