using Signet.Analysis.Static;

namespace Signet.Analysis.Tests.Static;

/// <summary>The literal lexer that checks sources needing no syntax tree, and the test that decides which path a source takes.</summary>
public sealed class JavaScriptLiteralsTests
{
    private static List<string> Rules(string source)
    {
        var facts = new FileFacts("x.js");
        JavaScriptLiterals.Scan(source, facts);
        return facts.Findings.Select(f => $"{f.Rule}:{f.Evidence}").ToList();
    }

    [Fact]
    public void Comments_and_regular_expressions_are_not_literals()
    {
        var findings = Rules("""
            // see https://pastebin.com.invalid/raw/1 for details
            /* http://127.0.0.2/ */
            const re = /https:\/\/webhook\.site\.invalid\//g, half = a / 2 / b;
            const u = "https://example.invalid/x";
            """);
        Assert.Equal(["network-url:https://example.invalid/x"], findings);
    }

    [Fact]
    public void Template_text_and_substitutions_are_both_read()
    {
        var findings = Rules("const u = `http://127.0.0.2/${ cond ? 'https://pastebin.com.invalid/a' : `${x}` }/end`;");
        Assert.Contains("ip-literal:http://127.0.0.2/", findings);
        Assert.Contains(findings, f => f.StartsWith("exfil-host:", StringComparison.Ordinal));
    }

    [Fact]
    public void Escapes_are_decoded_before_the_checks()
        => Assert.Contains(Rules("const h = '\\x68ttps://pastebin.com.invalid/\\u{61}';"), f => f.StartsWith("exfil-host:", StringComparison.Ordinal));

    [Theory]
    [InlineData("eval(x)", true)]
    [InlineData("new Function('a', b)", true)]
    [InlineData("const cp = require(\"child_process\")", true)]
    [InlineData("import dns from 'node:dns'", true)]
    [InlineData("send(JSON.stringify(process.env))", true)]
    [InlineData("const t = process.env.GITHUB_TOKEN", true)]
    [InlineData("read(home + '/.ssh/id_rsa')", true)]
    [InlineData("if (isFunction(x) || retrieval(y)) {}", false)]
    [InlineData("const builtins = ['fs', 'dns', 'vm', 'child_process'];", false)]
    [InlineData("const mode = process.env.NODE_ENV", false)]
    public void Only_sources_a_tree_rule_could_fire_on_are_parsed(string source, bool parsed)
        => Assert.Equal(parsed, JavaScriptLiterals.NeedsSyntaxTree(source));
}
