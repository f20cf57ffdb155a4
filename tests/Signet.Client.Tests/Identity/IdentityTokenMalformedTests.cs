using Signet.Client.Identity;
using Signet.Core;
using Signet.Core.Encoding;

namespace Signet.Client.Tests.Identity;

/// <summary>A token's claims are read strictly (fuzz jwt finding, issue 14 item 9).</summary>
public sealed class IdentityTokenMalformedTests
{
    private static string Jwt(byte[] claims) =>
        Base64Url.Encode("{\"alg\":\"RS256\"}"u8) + "." + Base64Url.Encode(claims) + "." + Base64Url.Encode([1, 2, 3]);

    [Fact]
    public void Invalid_utf8_in_a_claim_is_a_format_error()
    {
        byte[] claims = [.. "{\"iss\":\"https://oauth2.sigst"u8, 0xd2, .. "\",\"sub\":\"x\"}"u8];
        Assert.Throws<SignetFormatException>(() => IdentityToken.Parse(Jwt(claims)));
    }

    [Theory]
    [InlineData("{\"iss\":\"https://i.example\",\"sub\":\"\\udc00\"}")]
    [InlineData("{\"iss\":\"https://i.example\",\"iss\":\"https://other.example\",\"sub\":\"x\"}")]
    public void Lone_surrogates_and_duplicate_claims_are_format_errors(string claims) =>
        Assert.Throws<SignetFormatException>(() => IdentityToken.Parse(Jwt(System.Text.Encoding.UTF8.GetBytes(claims))));
}
