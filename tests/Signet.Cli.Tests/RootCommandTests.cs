namespace Signet.Cli.Tests;

public sealed class RootCommandTests
{
    [Fact]
    public void Version_prints_the_assembly_version()
    {
        var r = SignetProcess.Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("0.1.0", r.StdOut.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_tool_name()
    {
        var r = SignetProcess.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Sigstore for .NET", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        var r = SignetProcess.Run("no-such-command");
        Assert.NotEqual(0, r.ExitCode);
    }
}
