using System.CommandLine;
using System.CommandLine.Parsing;

namespace Signet.Cli.Commands;

/// <summary>
/// No option or argument of any command takes the empty string: it names no file, URL, identity or key, and is most
/// often a shell variable that was not set (<c>--key "$KEY"</c>). It is a usage error (exit 2) naming the option,
/// before any command runs, instead of reaching a command as a path or a value it was never meant to be.
/// </summary>
internal static class EmptyValues
{
    /// <summary>Adds the check to every value-taking option and every argument under <paramref name="command"/>.</summary>
    public static void RefuseUnder(Command command)
    {
        foreach (var option in command.Options)
        {
            if (option.ValueType != typeof(bool))
            {
                option.Validators.Add(r => Check(r.Tokens, option.Name, r));
            }
        }

        foreach (var argument in command.Arguments)
        {
            argument.Validators.Add(r => Check(r.Tokens, $"<{argument.Name}>", r));
        }

        foreach (var sub in command.Subcommands)
        {
            RefuseUnder(sub);
        }
    }

    private static void Check(IReadOnlyList<Token> tokens, string name, SymbolResult result)
    {
        if (tokens.Any(t => t.Value.Length == 0))
        {
            result.AddError($"{name} is empty (an unset variable?); give it a value or leave it out");
        }
    }
}
