using System.Security.Cryptography;
using System.Text.Json;
using Signet.Client.Signing;
using Signet.Core;

namespace Signet.Client.Tests.Signing;

public sealed class InTotoStatementsTests
{
    [Fact]
    public void Creates_a_statement_v1_with_subject_digest_and_predicate()
    {
        var artifact = "hello"u8.ToArray();
        var bytes = InTotoStatements.Create([("hello.txt", SHA256.HashData(artifact))], InTotoStatements.PredicateTypeOf("openvex"), """{"a":1}"""u8);
        using var doc = JsonDocument.Parse(bytes);
        Assert.Equal("https://in-toto.io/Statement/v1", doc.RootElement.GetProperty("_type").GetString());
        Assert.Equal("https://openvex.dev/ns", doc.RootElement.GetProperty("predicateType").GetString());
        var subject = doc.RootElement.GetProperty("subject")[0];
        Assert.Equal("hello.txt", subject.GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(artifact)), subject.GetProperty("digest").GetProperty("sha256").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("predicate").GetProperty("a").GetInt32());
        InTotoStatements.Check(bytes, SHA256.HashData(artifact));
        Assert.Throws<SignetFormatException>(() => InTotoStatements.Check(bytes, SHA256.HashData("other"u8)));
    }

    [Theory]
    [InlineData("slsaprovenance1", "https://slsa.dev/provenance/v1")]
    [InlineData("spdxjson", "https://spdx.dev/Document")]
    [InlineData("cyclonedx", "https://cyclonedx.org/bom")]
    [InlineData("https://example.com/p/v1", "https://example.com/p/v1")]
    public void Predicate_type_short_names(string type, string uri) => Assert.Equal(uri, InTotoStatements.PredicateTypeOf(type));

    [Fact]
    public void Unknown_short_names_and_bad_predicates_are_refused()
    {
        Assert.Throws<SignetFormatException>(() => InTotoStatements.PredicateTypeOf("nonsense"));
        Assert.Throws<SignetFormatException>(() => InTotoStatements.Create([("a", new byte[32])], "https://x/y", "[1]"u8));
        Assert.Throws<SignetFormatException>(() => InTotoStatements.Create([("a", new byte[32])], "https://x/y", "{"u8));
    }

    [Theory]
    [InlineData("""{"a":1} trailing""")] // was signed with the trailing text ignored
    [InlineData("""{"a":1,"a":2}""")] // verifiers would read one of the two
    [InlineData("""{"a":"\ud800"}""")]
    public void A_predicate_is_read_as_strictly_as_verifiers_read_statements(string predicate) =>
        Assert.Throws<SignetFormatException>(() => InTotoStatements.Create([("a", new byte[32])], "https://x/y", System.Text.Encoding.UTF8.GetBytes(predicate)));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v0.1","subject":[{}],"predicateType":"x"}""")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"x"}""")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":[{}]}""")]
    [InlineData("not json")]
    [InlineData("""{"_type":5,"subject":[{"digest":{"sha256":"00"}}],"predicateType":"x"}""")] // was InvalidOperationException (exit 70)
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"00"}}],"predicateType":"x"} trailing""")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":["a"],"predicateType":"x"}""")]
    public void Statements_that_are_not_v1_with_subjects_are_refused(string json) =>
        Assert.Throws<SignetFormatException>(() => InTotoStatements.Check(System.Text.Encoding.UTF8.GetBytes(json), null));

    [Fact]
    public void The_conformance_statement_passes()
    {
        var statement = """{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a.txt","digest":{"sha256":"a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{}}"""u8.ToArray();
        InTotoStatements.Check(statement, null);
    }
}
