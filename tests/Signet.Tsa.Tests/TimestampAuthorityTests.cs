using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;

namespace Signet.Tsa.Tests;

public sealed class TimestampAuthorityTests(TsaFixture tsa) : IClassFixture<TsaFixture>
{
    private static readonly byte[] Data = "signature bytes to be time-stamped"u8.ToArray();

    [Fact]
    public void Response_passes_dotnet_ProcessResponse_with_nonce_and_policy_echoed()
    {
        var nonce = new byte[] { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF };
        var request = Rfc3161TimestampRequest.CreateFromData(
            Data, HashAlgorithmName.SHA256, new Oid("1.3.6.1.4.1.57264.2"), nonce, requestSignerCertificates: true);

        var reply = tsa.Authority.Respond(TimestampQuery.Decode(request.Encode()));

        // ProcessResponse checks status, the imprint, the nonce and the requested policy against the request.
        var token = request.ProcessResponse(reply, out var consumed);
        Assert.Equal(reply.Length, consumed);
        Assert.Equal("1.3.6.1.4.1.57264.2", token.TokenInfo.PolicyId.Value);
        Assert.Equal(nonce, token.TokenInfo.GetNonce()!.Value.ToArray());
        Assert.True(token.VerifySignatureForData(Data, out var signer));
        Assert.Equal(tsa.Credentials.Leaf.Thumbprint, signer!.Thumbprint);
        Assert.InRange(token.TokenInfo.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public void Token_does_not_verify_for_other_data()
    {
        var request = Rfc3161TimestampRequest.CreateFromData(Data, HashAlgorithmName.SHA256, requestSignerCertificates: true);
        var token = request.ProcessResponse(tsa.Authority.Respond(TimestampQuery.Decode(request.Encode())), out _);
        Assert.False(token.VerifySignatureForData("other"u8, out _));
    }

    [Fact]
    public void Without_certReq_the_certificate_is_left_out_and_found_through_extra_candidates()
    {
        var request = Rfc3161TimestampRequest.CreateFromData(Data, HashAlgorithmName.SHA256);
        var token = request.ProcessResponse(tsa.Authority.Respond(TimestampQuery.Decode(request.Encode())), out _);
        Assert.Empty(token.AsSignedCms().Certificates);
        Assert.False(token.VerifySignatureForData(Data, out _));
        Assert.True(token.VerifySignatureForData(Data, out var signer, new X509Certificate2Collection(tsa.Credentials.Leaf)));
        Assert.NotNull(signer);
    }

    [Fact]
    public void Signed_attributes_carry_signing_certificate_v2_for_the_leaf()
    {
        var request = Rfc3161TimestampRequest.CreateFromData(Data, HashAlgorithmName.SHA256, requestSignerCertificates: true);
        var token = request.ProcessResponse(tsa.Authority.Respond(TimestampQuery.Decode(request.Encode())), out _);
        var signerInfo = token.AsSignedCms().SignerInfos[0];
        var attr = signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Single(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.47");
        var value = new AsnReader(attr.Values[0].RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence().ReadSequence();
        Assert.Equal(SHA256.HashData(tsa.Credentials.Leaf.RawData), value.ReadOctetString());
        signerInfo.CheckSignature(new X509Certificate2Collection(tsa.Credentials.Leaf), verifySignatureOnly: true);
    }

    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void Each_supported_imprint_hash_is_echoed(string hash)
    {
        var name = new HashAlgorithmName(hash);
        var request = Rfc3161TimestampRequest.CreateFromData(Data, name, requestSignerCertificates: true);
        var token = request.ProcessResponse(tsa.Authority.Respond(TimestampQuery.Decode(request.Encode())), out _);
        Assert.True(token.VerifySignatureForData(Data, out _));
    }

    [Fact]
    public void Serial_numbers_are_unique()
    {
        var request = Rfc3161TimestampRequest.CreateFromData(Data, HashAlgorithmName.SHA256);
        var query = TimestampQuery.Decode(request.Encode());
        var serials = Enumerable.Range(0, 50)
            .Select(_ => Convert.ToHexString(request.ProcessResponse(tsa.Authority.Respond(query), out _).TokenInfo.GetSerialNumber().Span))
            .ToHashSet();
        Assert.Equal(50, serials.Count);
    }

    [Fact]
    public void An_unsupported_requested_policy_is_refused()
    {
        var request = Rfc3161TimestampRequest.CreateFromData(Data, HashAlgorithmName.SHA256, new Oid("1.2.3.4"));
        var e = Assert.Throws<SignetFormatException>(() => tsa.Authority.Respond(TimestampQuery.Decode(request.Encode())));
        Assert.Contains("policy 1.2.3.4", e.Message);
    }

    [Fact]
    public void GenTime_comes_from_the_time_provider()
    {
        var at = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var authority = new TimestampAuthority(tsa.Credentials, new FixedTime(at));
        var request = Rfc3161TimestampRequest.CreateFromData(Data, HashAlgorithmName.SHA256);
        var token = request.ProcessResponse(authority.Respond(TimestampQuery.Decode(request.Encode())), out _);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), token.TokenInfo.Timestamp);
        Assert.Equal(1_000_000, token.TokenInfo.AccuracyInMicroseconds);
    }

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}

/// <summary>A TSA whose clock is outside its chain's validity (set back after the chain was made) signs nothing.</summary>
public sealed class TimestampAuthorityClockTests(TsaFixture tsa) : IClassFixture<TsaFixture>
{
    [Fact]
    public void A_clock_set_back_before_the_chain_gets_no_token_but_the_reason()
    {
        // The chain is valid from five minutes before it was made; an hour earlier than that no genTime verifies.
        var early = new TimestampAuthority(tsa.Credentials, new Clock(tsa.Credentials.Leaf.NotBefore.ToUniversalTime().AddHours(-1)));
        var request = System.Security.Cryptography.Pkcs.Rfc3161TimestampRequest.CreateFromData("sig"u8, System.Security.Cryptography.HashAlgorithmName.SHA256);

        var e = Assert.Throws<SignetUnavailableException>(() => early.Respond(TimestampQuery.Decode(request.Encode())));

        Assert.StartsWith("cannot sign now: the TSA's certificate chain is valid from ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(is it behind?)", e.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), e.RetryAfter);
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
