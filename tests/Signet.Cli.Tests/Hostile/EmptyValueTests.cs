namespace Signet.Cli.Tests.Hostile;

/// <summary>
/// An empty value (<c>--tuf-cache ""</c>, an unset shell variable) is a usage error naming the option, for every
/// option and argument of every command, before the command runs. Before, several reached .NET's path APIs and ended
/// as internal errors (exit 70): <c>trust show --tuf-cache ""</c>, <c>tuf publish --repo ""</c>, <c>quickstart --data-dir ""</c>.
/// </summary>
public sealed class EmptyValueTests
{
    /// <summary>Every (command path, option or argument) that takes a value, from the command tree itself.</summary>
    public static TheoryData<string, string> ValueTakers()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, option) in CommandTree.Options().Where(o => o.Option.ValueType != typeof(bool)))
        {
            data.Add(path, option.Name);
        }

        foreach (var (path, argument) in CommandTree.Arguments())
        {
            data.Add(path, $"<{argument.Name}>");
        }

        return data;
    }

    [Fact]
    public void The_tree_has_the_value_taking_options_of_every_command()
    {
        var all = ValueTakers().Select(row => ((string)row[0], (string)row[1])).ToList();
        Assert.True(all.Count > 300, $"only {all.Count}");
        Assert.Contains(("trust show", "--tuf-cache"), all);
        Assert.Contains(("serve", "--log-postgres"), all);
        Assert.Contains(("verify", "<artifact>"), all);
    }

    [Theory]
    [MemberData(nameof(ValueTakers))]
    public void An_empty_value_is_a_usage_error_naming_it(string path, string name)
    {
        string[] args = name.StartsWith('<') ? [.. path.Split(' '), ""] : [.. path.Split(' '), name, ""];
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = Program.Run(args, output, error);

        Assert.True(exit == 2, $"signet {path} {name} \"\": exit {exit}: {error}");
        Assert.Contains($"{name} is empty (an unset variable?)", error.ToString(), StringComparison.Ordinal);
    }
}
