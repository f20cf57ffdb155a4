using System.Text;
using Signet.Core;

namespace Signet.Tsa.Tests;

/// <summary>The JSON form of a timestamp query is read strictly (fuzz tsa-request findings, issue 14 item 9).</summary>
public sealed class TimestampQueryJsonTests
{
    private const string Hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    [Theory]
    [InlineData("{\"artifactHash\":\"" + Hash + "\",\"hashAlgorithm\":\"sha256\",\"tsaPolicyOID\":\"\\ud800\"}")]
    [InlineData("{\"artifactHash\":\"" + Hash + "\",\"hashAlgorithm\":\"sha256\",\"hashAlgorithm\":\"sha256\"}")]
    [InlineData("{\"artifactHash\":\"" + Hash + "\",\"hashAlgorithm\":\"sha256\"} trailing")]
    public void Malformed_json_is_a_format_error(string json) =>
        Assert.Throws<SignetFormatException>(() => TimestampQuery.FromJson(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Invalid_utf8_in_a_string_is_a_format_error()
    {
        byte[] json = [.. "{\"artifactHash\":\"47DEQpj8"u8, 0x80, .. "\",\"hashAlgorithm\":\"sha256\"}"u8];
        Assert.Throws<SignetFormatException>(() => TimestampQuery.FromJson(json));
    }

    [Fact]
    public void A_valid_query_still_reads()
    {
        var query = TimestampQuery.FromJson(Encoding.UTF8.GetBytes("{\"artifactHash\":\"" + Hash + "\",\"hashAlgorithm\":\"sha256\",\"nonce\":7,\"certificates\":true}"));
        Assert.True(query.CertificateRequested);
    }
}
