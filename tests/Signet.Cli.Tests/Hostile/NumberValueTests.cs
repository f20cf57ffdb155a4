namespace Signet.Cli.Tests.Hostile;

/// <summary>
/// A number option given what is not a number, or one out of its range, is a usage error in words, for every number
/// option of every command. Before, System.CommandLine's message named the .NET type:
/// <c>Cannot parse argument 'abc' for option '--log-index' as expected type 'System.Nullable`1[System.UInt64]'</c>.
/// </summary>
public sealed class NumberValueTests
{
    /// <summary>Every (command path, number option), from the command tree itself.</summary>
    public static TheoryData<string, string> NumberOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, option) in CommandTree.Options())
        {
            var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            if (type.IsPrimitive && type != typeof(bool))
            {
                data.Add(path, option.Name);
            }
        }

        return data;
    }

    private static (int Exit, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.Run(args, output, error);
        return (exit, error.ToString());
    }

    [Fact]
    public void The_tree_has_the_number_options()
    {
        var all = NumberOptions().Select(row => ((string)row[0], (string)row[1])).ToList();
        Assert.Contains(("log get", "--log-index"), all);
        Assert.Contains(("serve", "--witness-timeout"), all);
        Assert.Contains(("admission manifests", "--replicas"), all);
        Assert.True(all.Count >= 10, $"only {all.Count}");
    }

    [Theory]
    [MemberData(nameof(NumberOptions))]
    public void Words_are_a_usage_error_naming_the_option_not_a_dotnet_type(string path, string name)
    {
        var (exit, error) = Run([.. path.Split(' '), name, "twelve"]);

        Assert.True(exit == 2, $"signet {path} {name} twelve: exit {exit}: {error}");
        Assert.Contains($"{name}: 'twelve' is not a", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--log-index", "-1", "'-1' is out of range (0 to 18446744073709551615)")]
    [InlineData("--log-index", "18446744073709551616", "'18446744073709551616' is out of range (0 to 18446744073709551615)")]
    [InlineData("--log-index", "1.5", "'1.5' is not a whole number")]
    [InlineData("--log-index", "0x10", "'0x10' is not a whole number")]
    public void A_whole_number_out_of_range_or_with_a_fraction_is_named_so(string option, string value, string expected)
    {
        var (exit, error) = Run("log", "get", "--rekor-url", "http://127.0.0.1:1", option, value);

        Assert.Equal(2, exit);
        Assert.Contains($"{option}: {expected}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("1,5")]
    public void A_number_of_seconds_that_is_not_finite_or_not_invariant_is_refused(string value)
    {
        var (exit, error) = Run("serve", "--data-dir", "d", "--witness-timeout", value);

        Assert.Equal(2, exit);
        Assert.Contains($"--witness-timeout: '{value}' is not a number", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_in_range_still_reaches_the_command()
    {
        // The command runs and fails on what it does (no log at this address), not on the number.
        var (exit, error) = Run("log", "get", "--rekor-url", "http://127.0.0.1:1", "--log-index", "7", "--state", Path.Combine(Path.GetTempPath(), $"signet-n-{Guid.NewGuid():N}.json"));

        Assert.Equal(4, exit);
        Assert.DoesNotContain("--log-index", error, StringComparison.Ordinal);
    }
}
