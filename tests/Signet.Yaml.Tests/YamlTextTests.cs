using Signet.Core;
using YamlDotNet.RepresentationModel;

namespace Signet.Yaml.Tests;

public sealed class YamlTextTests
{
    [Fact]
    public void Text_over_the_limit_is_refused_before_it_is_parsed()
    {
        // Not YAML at all: a parse would fail with another message.
        var e = Assert.Throws<SignetFormatException>(() => YamlText.Load("[[[[", "policy.yaml", 3));
        Assert.Equal("policy.yaml: 4 characters, at most 3", e.Message);
        Assert.Single(YamlText.Load("a: 1", "policy.yaml", 4).Documents);
    }

    [Fact]
    public void Empty_text_has_no_documents_and_documents_are_all_read()
    {
        Assert.Empty(YamlText.Load("", "f", 10).Documents);
        Assert.Equal(2, YamlText.Load("a: 1\n---\nb: 2\n", "f", 100).Documents.Count);
    }

    [Theory]
    [InlineData("a: [1, 2\n", 2)]
    [InlineData("a: 1\n b: 2\n  - c\n", 2)]
    [InlineData("key: \"unterminated\n", 1)]
    public void A_syntax_error_names_the_file_line_and_column(string yaml, int line)
    {
        var e = Assert.Throws<SignetFormatException>(() => YamlText.Load(yaml, "monitor config", 1000));
        Assert.StartsWith($"monitor config: not valid YAML at line {line}, column ", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<YamlDotNet.Core.YamlException>(e.InnerException);
    }

    [Fact]
    public void The_fuzzers_broken_streams_are_format_errors()
    {
        // fuzz/regressions/cluster-image-policy: inputs on which YamlDotNet throws ArgumentException and
        // InvalidOperationException, not YamlException.
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Regressions"));
        Assert.Equal(2, files.Length);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var e = Assert.Throws<SignetFormatException>(() => YamlText.Load(text, Path.GetFileName(file), 1 << 20));
            Assert.StartsWith(Path.GetFileName(file) + ": not valid YAML: ", e.Message, StringComparison.Ordinal);
            Assert.True(e.InnerException is ArgumentException or InvalidOperationException, e.InnerException?.GetType().Name);
        }
    }

    public static TheoryData<string> Scalars => new()
    {
        "",
        "plain",
        "yes",
        "null",
        "0x10",
        "- a",
        "key: value",
        "# not a comment",
        "\"quoted\" and 'single' and \\ back",
        "tab\there",
        "line\nbreak\n",
        "\u0000\u0007\u001b control",
        "\u00e9t\u00e9 \u4e2d\u6587 \U0001F510",
        "trailing space ",
        " leading space",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "two trailing breaks\n\n",
        "inner\n\nblank line",
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void A_quoted_scalar_reads_back_as_its_value(string value)
    {
        Assert.Equal(value, ReadBack("key: " + YamlText.Quote(value) + "\n"));
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void A_block_scalar_reads_back_as_its_value(string value)
    {
        Assert.Equal(value, ReadBack("outer:\n  key:" + YamlText.Block(value, 4) + "\n  after: x\n", "outer"));
    }

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", " |\n")]
    [InlineData("no break", " |-\n")]
    [InlineData("two\n\n", " |+\n")]
    [InlineData(" indented", " \"")]
    [InlineData("trailing blank \nx", " \"")]
    [InlineData("bell\u0007", " \"")]
    public void Printable_text_is_a_literal_block_and_the_rest_is_quoted(string value, string start)
    {
        Assert.StartsWith(start, YamlText.Block(value, 2), StringComparison.Ordinal);
    }

    private static string ReadBack(string yaml, string? parent = null)
    {
        var root = (YamlMappingNode)YamlText.Load(yaml, "test", 10_000).Documents.Single().RootNode;
        if (parent is not null)
        {
            root = (YamlMappingNode)root[parent];
        }

        return ((YamlScalarNode)root["key"]).Value!;
    }
}
