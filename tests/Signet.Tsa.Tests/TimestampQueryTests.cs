using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using FsCheck.Xunit;
using Signet.Core;

namespace Signet.Tsa.Tests;

public sealed class TimestampQueryTests
{
    [Fact]
    public void Decodes_what_dotnet_encodes()
    {
        var hash = SHA256.HashData("x"u8);
        var request = Rfc3161TimestampRequest.CreateFromHash(
            hash, HashAlgorithmName.SHA256, new Oid("1.3.6.1.4.1.57264.2"), new byte[] { 0x05, 0x06 }, requestSignerCertificates: true);
        var q = TimestampQuery.Decode(request.Encode());
        Assert.Equal(HashAlgorithmName.SHA256, q.HashAlgorithm);
        Assert.Equal(hash, q.MessageHash);
        Assert.Equal("1.3.6.1.4.1.57264.2", q.RequestedPolicy);
        Assert.Equal(new byte[] { 0x05, 0x06 }, q.Nonce);
        Assert.True(q.CertificateRequested);
    }

    [Fact]
    public void Empty_body_is_refused() =>
        Assert.Contains("empty", Assert.Throws<SignetFormatException>(() => TimestampQuery.Decode([])).Message);

    [Fact]
    public void Garbage_is_refused() =>
        Assert.Throws<SignetFormatException>(() => TimestampQuery.Decode("not a query"u8));

    [Fact]
    public void Sha1_is_refused()
    {
        var der = Query(version: 1, hashOid: "1.3.14.3.2.26", hash: new byte[20]);
        Assert.Contains("not supported", Assert.Throws<SignetFormatException>(() => TimestampQuery.Decode(der)).Message);
    }

    [Fact]
    public void Wrong_imprint_length_is_refused()
    {
        var der = Query(version: 1, hashOid: "2.16.840.1.101.3.4.2.1", hash: new byte[31]);
        Assert.Contains("31 bytes", Assert.Throws<SignetFormatException>(() => TimestampQuery.Decode(der)).Message);
    }

    [Fact]
    public void Version_2_is_refused()
    {
        var der = Query(version: 2, hashOid: "2.16.840.1.101.3.4.2.1", hash: new byte[32]);
        Assert.Contains("version", Assert.Throws<SignetFormatException>(() => TimestampQuery.Decode(der)).Message);
    }

    [Fact]
    public void Extensions_are_refused()
    {
        var ext = new X509ExtensionCollection { new X509Extension("1.2.3.4", new byte[] { 0x05, 0x00 }, false) };
        var request = Rfc3161TimestampRequest.CreateFromHash(SHA256.HashData("x"u8), HashAlgorithmName.SHA256, extensions: ext);
        Assert.Contains("extensions", Assert.Throws<SignetFormatException>(() => TimestampQuery.Decode(request.Encode())).Message);
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        var der = Query(version: 1, hashOid: "2.16.840.1.101.3.4.2.1", hash: new byte[32]).Concat(new byte[] { 0 }).ToArray();
        Assert.Contains("trailing", Assert.Throws<SignetFormatException>(() => TimestampQuery.Decode(der)).Message);
    }

    [Fact]
    public void Json_form_as_sigstore_js_sends_it()
    {
        var hash = SHA256.HashData("sig"u8);
        var json = $$"""{"artifactHash":"{{Convert.ToBase64String(hash)}}","hashAlgorithm":"sha256","nonce":1234567,"certificates":true}""";
        var q = TimestampQuery.FromJson(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(hash, q.MessageHash);
        Assert.Equal(HashAlgorithmName.SHA256, q.HashAlgorithm);
        Assert.Equal(new byte[] { 0x12, 0xD6, 0x87 }, q.Nonce);
        Assert.True(q.CertificateRequested);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"artifactHash":"!!"}""")]
    [InlineData("""{"artifactHash":"AAAA"}""")]
    [InlineData("""{"artifactHash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","hashAlgorithm":"md5"}""")]
    [InlineData("""{"artifactHash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","nonce":"x"}""")]
    [InlineData("""{"artifactHash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","certificates":"yes"}""")]
    [InlineData("{")]
    public void Bad_json_is_refused(string json) =>
        Assert.Throws<SignetFormatException>(() => TimestampQuery.FromJson(System.Text.Encoding.UTF8.GetBytes(json)));

    [Property(MaxTest = 500)]
    public bool Arbitrary_bytes_decode_or_raise_the_format_exception(byte[] bytes)
    {
        try
        {
            TimestampQuery.Decode(bytes);
            return true;
        }
        catch (SignetFormatException)
        {
            return true;
        }
    }

    private static byte[] Query(int version, string hashOid, byte[] hash)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(version);
            using (w.PushSequence())
            {
                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(hashOid);
                }

                w.WriteOctetString(hash);
            }
        }

        return w.Encode();
    }
}
