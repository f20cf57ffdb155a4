using Signet.Core.Encoding;

namespace Signet.Core.Tests.Encoding;

public sealed class PemTests
{
    [Fact]
    public void Encode_then_decode_round_trips_with_64_character_lines()
    {
        var der = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        var pem = Pem.Encode("CERTIFICATE", der);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", pem);
        Assert.EndsWith("-----END CERTIFICATE-----\n", pem);
        Assert.All(pem.Split('\n').Where(l => !l.StartsWith("-----") && l.Length > 0), l => Assert.True(l.Length <= 64));
        Assert.Equal(der, Pem.Decode(pem, "CERTIFICATE"));
    }

    [Fact]
    public void DecodeAll_reads_every_block_and_ignores_explanatory_text_and_crlf()
    {
        var text = "subject: leaf\r\n" + Pem.Encode("CERTIFICATE", [1, 2, 3]).Replace("\n", "\r\n") + "between\n" + Pem.Encode("CERTIFICATE", [4, 5]);
        var blocks = Pem.DecodeAll(text);
        Assert.Equal(2, blocks.Count);
        Assert.Equal([1, 2, 3], blocks[0].Der);
        Assert.Equal([4, 5], blocks[1].Der);
    }

    [Fact]
    public void Decode_picks_the_block_with_the_label_and_refuses_two()
    {
        var text = Pem.Encode("EC PARAMETERS", [6]) + Pem.Encode("PRIVATE KEY", [7]);
        Assert.Equal([7], Pem.Decode(text, "PRIVATE KEY"));
        var twice = Pem.Encode("PRIVATE KEY", [7]) + Pem.Encode("PRIVATE KEY", [8]);
        Assert.Contains("more than one", Assert.Throws<SignetFormatException>(() => Pem.Decode(twice, "PRIVATE KEY")).Message);
        Assert.Contains("no 'PUBLIC KEY' block", Assert.Throws<SignetFormatException>(() => Pem.Decode(text, "PUBLIC KEY")).Message);
    }

    [Theory]
    [InlineData("", "no '-----BEGIN' block")]
    [InlineData("just text\n", "no '-----BEGIN' block")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAQID\n", "no END boundary")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAQID\n-----END PUBLIC KEY-----\n", "does not match")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAQ!D\n-----END CERTIFICATE-----\n", "not valid base64")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAQI\n-----END CERTIFICATE-----\n", "not valid base64")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAQ ID\n-----END CERTIFICATE-----\n", "not valid base64")]
    [InlineData("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", "is empty")]
    [InlineData("-----BEGIN CERTIFICATE----\nAQID\n-----END CERTIFICATE-----\n", "does not end with")]
    [InlineData("-----BEGIN -----\nAQID\n-----END -----\n", "malformed label")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAQID\n-----END RSA PRIVATE KEY-----\n", "encapsulated headers")]
    [InlineData("-----BEGIN A-----\nAQID\n-----BEGIN B-----\nAQID\n-----END B-----\n", "no END boundary")]
    public void Malformed_pem_is_a_format_error_naming_the_problem(string pem, string expected)
    {
        var e = Assert.Throws<SignetFormatException>(() => Pem.DecodeAll(pem));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_block_over_the_size_limit_is_refused_before_decoding()
    {
        var pem = Pem.Encode("CERTIFICATE", new byte[Pem.MaxBlockBytes + 1]);
        var e = Assert.Throws<SignetFormatException>(() => Pem.Decode(pem, "CERTIFICATE"));
        Assert.Contains("larger than the limit", e.Message);
        Assert.Equal(Pem.MaxBlockBytes, Pem.Decode(Pem.Encode("CERTIFICATE", new byte[Pem.MaxBlockBytes]), "CERTIFICATE").Length);
    }

    [Fact]
    public void Absurdly_large_text_is_refused_up_front()
    {
        var e = Assert.Throws<SignetFormatException>(() => Pem.DecodeAll(new string('A', Pem.MaxTextChars + 1)));
        Assert.Contains("exceeds the limit", e.Message);
    }
}
