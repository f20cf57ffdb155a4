using System.Security.Cryptography;
using System.Text;
using Signet.Core;
using Signet.Core.Verification;
using Signet.Policy.Rules;

namespace Signet.Policy.Tests.Rules;

/// <summary>CEL rules see the statement's parts and fail closed: false, non-boolean, errors and the Cel package's gaps all refuse.</summary>
public sealed class CelRuleTests
{
    private static readonly byte[] Digest = SHA256.HashData("artifact"u8);

    private static readonly RuleInput Input = RuleInput.From(Encoding.UTF8.GetBytes($$$$"""
        {"_type":"https://in-toto.io/Statement/v1","predicateType":"https://slsa.dev/provenance/v1",
         "subject":[{"name":"a","digest":{"sha256":"{{{{Convert.ToHexStringLower(Digest)}}}}"}}, "not a map"],
         "predicate":{"builder":{"id":"https://b/w@refs/tags/v1"},"n":3,"f":1.5,"s":"x","m":{"k1":1,"k2":2}}}
        """), [(HashAlgorithmName.SHA256, Digest)]);

    [Theory]
    [InlineData("predicateType == 'https://slsa.dev/provenance/v1'")]
    [InlineData("statement.predicate.builder.id == predicate.builder.id")]
    [InlineData("subject[0].digest.sha256 == artifact.sha256")]
    [InlineData("predicate.n == 3 && predicate.n > 2 && predicate.f < 2.0")]
    [InlineData("size(subject) == 2 && size(predicate.m) == 2")]
    [InlineData("has(predicate.builder) && !has(predicate.nothing)")]
    [InlineData("predicate.builder.id.matches('@refs/tags/v[0-9]+$')")]
    [InlineData("'k1' in predicate.m && predicate.m.all(k, k.startsWith('k'))")]
    public void Rules_that_hold(string cel) => CelRule.Compile("r", cel).Require(Input);

    [Theory]
    [InlineData("predicateType == 'other'", "failed")]
    [InlineData("predicate.nothing == 1", "could not be evaluated")]
    [InlineData("!subject.exists(s, s.name == 'evil')", "could not be evaluated")]
    [InlineData("predicate.s > 5", "could not be evaluated")]
    [InlineData("predicate.s && true", "not a boolean")]
    [InlineData("!(predicate.s && true)", "not a boolean")]
    [InlineData("predicate.m.filter(k, k == 'k1').size() == 1", "could not be evaluated")]
    [InlineData("predicate.n", "not a boolean")]
    [InlineData("1 / 0 == 0", "could not be evaluated")]
    public void Rules_that_do_not_hold_or_cannot_be_evaluated_refuse_naming_the_rule(string cel, string why)
    {
        var e = Assert.Throws<VerificationException>(() => CelRule.Compile("the-rule", cel).Require(Input));
        Assert.Equal(VerificationErrorCode.RuleFailed, e.Code);
        Assert.Contains("rule 'the-rule'", e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("predicate.(")]
    [InlineData("")]
    [InlineData("1 +")]
    public void Malformed_cel_is_invalid_input_naming_the_rule(string cel)
        => Assert.Contains("rule 'bad'", Assert.Throws<SignetFormatException>(() => CelRule.Compile("bad", cel)).Message, StringComparison.Ordinal);

    [Fact]
    public void An_overlong_expression_is_refused() =>
        Assert.Throws<SignetFormatException>(() => CelRule.Compile("long", "true && " + string.Concat(Enumerable.Repeat("true && ", CelRule.MaxExpressionLength / 8)) + "true"));

    [Fact]
    public void A_rules_file_is_strict_and_every_rule_must_hold()
    {
        var rules = AttestationRules.Parse("rules:\n- name: one\n  cel: predicate.n == 3\n- name: two\n  cel: predicate.s == 'y'\n");
        Assert.Equal(2, rules.Rules.Count);
        Assert.Contains("rule 'two' failed", Assert.Throws<VerificationException>(() => rules.Require(Input)).Message, StringComparison.Ordinal);
        Assert.Equal("rules[0].expr: unknown field", Assert.Throws<SignetFormatException>(() => AttestationRules.Parse("rules:\n- name: a\n  expr: 'true'\n")).Message);
        Assert.Contains("rule 'a' appears twice", Assert.Throws<SignetFormatException>(() => AttestationRules.Parse("rules:\n- name: a\n  cel: 'true'\n- name: a\n  cel: 'true'\n")).Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML at line", Assert.Throws<SignetFormatException>(() => AttestationRules.Parse("rules: [\n")).Message, StringComparison.Ordinal);
        Assert.Equal("rules: missing field", Assert.Throws<SignetFormatException>(() => AttestationRules.Parse("other: 1\n".Replace("other: 1", "{}", StringComparison.Ordinal))).Message);
    }
}
