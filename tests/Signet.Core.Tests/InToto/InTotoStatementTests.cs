using System.Text.Json;
using Signet.Core.InToto;

namespace Signet.Core.Tests.InToto;

public sealed class InTotoStatementTests
{
    private const string Example = """
        {
          "_type": "https://in-toto.io/Statement/v1",
          "subject": [
            {"name": "app.tar.gz", "digest": {"sha256": "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90", "sha512": "00"}},
            {"name": "lib.so", "digest": {"gitCommit": "abc"}}
          ],
          "predicateType": "https://slsa.dev/provenance/v1",
          "predicate": {"buildDefinition": {"buildType": "x"}, "n": [1, 2]},
          "unknownField": true
        }
        """;

    [Fact]
    public void Parses_subjects_digests_and_predicate()
    {
        var s = InTotoStatement.Parse(System.Text.Encoding.UTF8.GetBytes(Example));
        Assert.Equal(InTotoStatement.Type, s.StatementType);
        Assert.Equal(2, s.Subject.Count);
        Assert.Equal("app.tar.gz", s.Subject[0].Name);
        Assert.Equal("00", s.Subject[0].Digest["sha512"]);
        Assert.Equal("https://slsa.dev/provenance/v1", s.PredicateType);
        Assert.Equal("x", s.Predicate!.Value.GetProperty("buildDefinition").GetProperty("buildType").GetString());
        Assert.True(s.HasSubjectDigest("sha256", Convert.FromHexString("A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90")));
        Assert.False(s.HasSubjectDigest("sha256", new byte[32]));
        Assert.False(s.HasSubjectDigest("sha384", Convert.FromHexString("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90")));
    }

    [Fact]
    public void Serialize_round_trips()
    {
        var s = InTotoStatement.Parse(System.Text.Encoding.UTF8.GetBytes(Example));
        var again = InTotoStatement.Parse(s.Serialize());
        Assert.Equal(s.PredicateType, again.PredicateType);
        Assert.Equal(s.Subject.Count, again.Subject.Count);
        Assert.Equal(s.Subject[1].Digest, again.Subject[1].Digest);
        Assert.Equal(s.Predicate!.Value.GetRawText().Replace(" ", "", StringComparison.Ordinal), again.Predicate!.Value.GetRawText());
        using var doc = JsonDocument.Parse(s.Serialize());
        Assert.Equal("https://in-toto.io/Statement/v1", doc.RootElement.GetProperty("_type").GetString());

        var built = new InTotoStatement([new InTotoSubject("a", new Dictionary<string, string> { ["sha256"] = "ab" })], "p", null);
        var parsed = InTotoStatement.Parse(built.Serialize());
        Assert.Null(parsed.Predicate);
        Assert.Equal("ab", parsed.Subject[0].Digest["sha256"]);
    }

    [Fact]
    public void Accepts_the_v01_type_sigstore_clients_still_write()
    {
        var json = Example.Replace("Statement/v1", "Statement/v0.1", StringComparison.Ordinal);
        Assert.Equal(InTotoStatement.TypeV01, InTotoStatement.Parse(System.Text.Encoding.UTF8.GetBytes(json)).StatementType);
    }

    [Theory]
    [InlineData("[]", "in-toto statement: expected a JSON object")]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"p\"}", "in-toto statement._type: missing")]
    [InlineData("{\"_type\":\"https://example.com/Statement\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"p\"}", "is not https://in-toto.io/Statement/v1")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[],\"predicateType\":\"p\"}", "non-empty array")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\"p\"}", "non-empty array")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[1],\"predicateType\":\"p\"}", "in-toto statement.subject[0]: expected a JSON object")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\"}],\"predicateType\":\"p\"}", "in-toto statement.subject[0].digest: missing")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{}}],\"predicateType\":\"p\"}", "in-toto statement.subject[0].digest: empty")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":1}}],\"predicateType\":\"p\"}", "in-toto statement.subject[0].digest.sha256: expected a string")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"a\",\"sha256\":\"b\"}}],\"predicateType\":\"p\"}", "Duplicate property 'sha256'")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}]}", "in-toto statement.predicateType: missing")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"\"}", "in-toto statement.predicateType: empty")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"p\",\"predicate\":[]}", "in-toto statement.predicate: expected a JSON object")]
    public void Malformed_statements_are_format_errors(string json, string expected)
    {
        var e = Assert.Throws<SignetFormatException>(() => InTotoStatement.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, e.Message);
    }
}
