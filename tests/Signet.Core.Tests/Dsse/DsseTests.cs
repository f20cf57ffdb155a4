using Signet.Core.Dsse;
using Signet.Core.Keys;
using DsseOps = Signet.Core.Dsse.Dsse;

namespace Signet.Core.Tests.Dsse;

public sealed class DsseTests
{
    [Fact]
    public void Pae_matches_the_dsse_protocol_example()
    {
        // secure-systems-lab/dsse protocol.md: PAE("http://example.com/HelloWorld", "hello world").
        var pae = DsseOps.Pae("http://example.com/HelloWorld", "hello world"u8);
        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", System.Text.Encoding.UTF8.GetString(pae));
        Assert.Equal("DSSEv1 0  0 ", System.Text.Encoding.UTF8.GetString(DsseOps.Pae("", [])));
        // LEN counts UTF-8 bytes, not characters.
        Assert.StartsWith("DSSEv1 2 é 1 ", System.Text.Encoding.UTF8.GetString(DsseOps.Pae("é", [0x41])));
    }

    public static TheoryData<string> Keys => new() { "ecdsa", "ed25519" };

    [Theory]
    [MemberData(nameof(Keys))]
    public void Sign_then_verify_and_tampering_is_caught(string kind)
    {
        using var key = kind == "ecdsa" ? SigningKey.GenerateEcdsaP256() : SigningKey.GenerateEd25519();
        var payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}"u8.ToArray();
        var env = DsseOps.Sign("application/vnd.in-toto+json", payload, key, keyId: "k1");
        Assert.True(DsseOps.Verify(env, key.PublicKey));

        var roundTripped = DsseEnvelope.Parse(env.ToJson());
        Assert.Equal(env.PayloadType, roundTripped.PayloadType);
        Assert.Equal(payload, roundTripped.Payload);
        Assert.Equal("k1", roundTripped.Signatures[0].KeyId);
        Assert.True(DsseOps.Verify(roundTripped, key.PublicKey));

        Assert.False(DsseOps.Verify(env with { PayloadType = "application/json" }, key.PublicKey));
        Assert.False(DsseOps.Verify(env with { Payload = [.. payload, (byte)' '] }, key.PublicKey));
        Assert.False(DsseOps.Verify(env with { Signatures = [new DsseSignature(null, Keys_Tamper(env.Signatures[0].Sig))] }, key.PublicKey));
        Assert.False(DsseOps.Verify(env with { Signatures = [] }, key.PublicKey));
        using var other = kind == "ecdsa" ? SigningKey.GenerateEcdsaP256() : SigningKey.GenerateEd25519();
        Assert.False(DsseOps.Verify(env, other.PublicKey));
        // One good signature among others is enough.
        var extra = env with { Signatures = [new DsseSignature("x", [1, 2, 3]), env.Signatures[0]] };
        Assert.True(DsseOps.Verify(extra, key.PublicKey));
    }

    [Fact]
    public void Parses_url_safe_base64_and_ignores_unknown_fields()
    {
        var json = "{\"payloadType\":\"t\",\"payload\":\"-_8\",\"signatures\":[{\"sig\":\"AQ==\",\"keyid\":null}],\"extra\":1}";
        var env = DsseEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(new byte[] { 0xfb, 0xff }, env.Payload);
        Assert.Null(env.Signatures[0].KeyId);
        Assert.Equal(new byte[] { 1 }, env.Signatures[0].Sig);
    }

    [Theory]
    [InlineData("[]", "DSSE envelope: expected a JSON object")]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"payload\":\"AQ==\",\"signatures\":[]}", "DSSE envelope.payloadType: missing")]
    [InlineData("{\"payloadType\":\"t\",\"signatures\":[]}", "DSSE envelope.payload: missing")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":1,\"signatures\":[]}", "DSSE envelope.payload: expected a string")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"AQ==\"}", "DSSE envelope.signatures: missing")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"A!==\",\"signatures\":[]}", "payload")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"AQ==\",\"signatures\":[1]}", "DSSE envelope.signatures[0]: expected a JSON object")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"AQ==\",\"signatures\":[{}]}", "DSSE envelope.signatures[0].sig: missing")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"AQ==\",\"signatures\":[{\"sig\":\"AQ==\",\"keyid\":5}]}", "DSSE envelope.signatures[0].keyid: expected a string")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"AQ==\",\"signatures\":[]} x", "DSSE envelope: not valid JSON")]
    public void Malformed_envelopes_are_format_errors(string json, string expected)
    {
        var e = Assert.Throws<SignetFormatException>(() => DsseEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Absurd_envelopes_are_refused()
    {
        var many = "{\"payloadType\":\"t\",\"payload\":\"AQ==\",\"signatures\":[" + string.Join(',', Enumerable.Repeat("{\"sig\":\"AQ==\"}", 65)) + "]}";
        Assert.Contains("DSSE envelope.signatures: too many elements (65 > 64)", Assert.Throws<SignetFormatException>(() => DsseEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(many))).Message);
        Assert.Contains("exceeds the limit", Assert.Throws<SignetFormatException>(() => DsseEnvelope.Parse(new byte[DsseEnvelope.MaxEnvelopeBytes + 1])).Message);
        var deep = new string('[', 1000) + new string(']', 1000);
        Assert.IsType<SignetFormatException>(Record.Exception(() => DsseEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(deep))));
    }

    private static byte[] Keys_Tamper(byte[] sig) => Tests.Keys.VerificationKeyTests.Tamper(sig);
}
