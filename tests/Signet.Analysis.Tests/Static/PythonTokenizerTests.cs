using Signet.Analysis.Static;

namespace Signet.Analysis.Tests.Static;

/// <summary>The tokenizer against what CPython's tokenize module produces for the same source.</summary>
public sealed class PythonTokenizerTests
{
    private static string Kinds(string source)
        => string.Join(" ", PythonTokenizer.Tokenize(source).Select(t => t.Kind switch
        {
            PythonTokenKind.Name or PythonTokenKind.Op or PythonTokenKind.Number or PythonTokenKind.String => t.Text,
            _ => t.Kind.ToString().ToUpperInvariant(),
        }));

    [Fact]
    public void Logical_lines_indentation_and_comments()
        => Assert.Equal("def f ( x ) : NEWLINE INDENT return x + 1 NEWLINE COMMENT NL DEDENT y = f ( 2 ) NEWLINE ENDMARKER",
            Kinds("def f(x):\n    return x + 1\n# done\ny = f(2)\n"));

    [Fact]
    public void Brackets_and_backslashes_join_lines()
        => Assert.Equal("x = ( 1 , NL 2 ) NEWLINE y = 1 + 2 NEWLINE ENDMARKER", Kinds("x = (1,\n     2)\ny = 1 + \\\n    2\n"));

    [Fact]
    public void String_prefixes_and_triple_quotes()
    {
        var tokens = PythonTokenizer.Tokenize("a = rb'\\x00' + f\"{x}\" + '''one\n'two'\n'''\n").Where(t => t.Kind == PythonTokenKind.String).Select(t => t.Text).ToList();
        Assert.Equal(["rb'\\x00'", "f\"{x}\"", "'''one\n'two'\n'''"], tokens);
    }

    [Theory]
    [InlineData("'a\\tb'", "a\tb")]
    [InlineData("r'a\\tb'", "a\\tb")]
    [InlineData("'\\x41\\u0042'", "AB")]
    [InlineData("\"it\\'s\"", "it's")]
    [InlineData("'''x'''", "x")]
    [InlineData("'\\d'", "\\d")]
    public void String_values_decode_escapes(string token, string value)
        => Assert.Equal(value, PythonTokenizer.StringValue(token));

    [Fact]
    public void Operators_take_the_longest_match()
        => Assert.Equal("x **= 2 NEWLINE y := x // 3 NEWLINE ENDMARKER", Kinds("x **= 2\ny := x // 3\n"));

    [Fact]
    public void An_unterminated_string_is_an_error_token_and_tokenizing_goes_on()
    {
        var tokens = PythonTokenizer.Tokenize("x = 'open\ny = 2\n");
        Assert.Contains(tokens, t => t.Kind == PythonTokenKind.ErrorToken);
        Assert.Contains(tokens, t => t.Kind == PythonTokenKind.Name && t.Text == "y" && t.Line == 2);
    }

    [Fact]
    public void Numbers_with_exponents_and_underscores()
        => Assert.Equal("a = 1_000 + 0x1F + 1.5e-3 + 2j NEWLINE ENDMARKER", Kinds("a = 1_000 + 0x1F + 1.5e-3 + 2j\n"));
}
