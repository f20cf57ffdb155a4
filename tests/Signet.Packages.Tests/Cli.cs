namespace Signet.Packages.Tests;

/// <summary>The signet command line run in this process (Program.Run), with its output captured.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Signet.Cli.Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
