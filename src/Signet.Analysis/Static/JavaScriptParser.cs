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

        // Regular-expression literals are not converted to .NET regexes (a quarter of the parse time): no rule reads them.
        OnRegExp = static (in RegExpParsingContext _) => default,
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
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // A parser defect on unusual input (Acornima 1.9.2 throws NullReferenceException on some module exports): the
            // file still gets the text checks rather than stopping the analysis.
            return null;
        }

        try
        {
            return moduleFirst ? parser.ParseScript(source) : parser.ParseModule(source);
        }
        catch (Exception e) when (e is ParseErrorException or NullReferenceException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
