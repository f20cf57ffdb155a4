using System.Text;
using Signet.Client.Identity;
using Signet.Core;

namespace Signet.Client.Tests.Identity;

public sealed class IdentityTokenTests
{
    internal static string Jwt(string claimsJson) =>
        Core.Encoding.Base64Url.Encode("{\"alg\":\"ES256\"}"u8) + "." + Core.Encoding.Base64Url.Encode(Encoding.UTF8.GetBytes(claimsJson)) + ".c2ln";

    [Fact]
    public void Reads_issuer_subject_email_and_expiry()
    {
        var t = IdentityToken.Parse(Jwt("""{"iss":"https://issuer.example","sub":"alice@example.com","email":"alice@example.com","exp":4102444800}"""));
        Assert.Equal("https://issuer.example", t.Issuer);
        Assert.Equal("alice@example.com", t.Subject);
        Assert.Equal("alice@example.com", t.Email);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(4102444800), t.Expiry);
        Assert.Equal("alice@example.com", t.Challenge);
    }

    [Fact]
    public void The_challenge_is_the_subject_except_for_the_public_email_issuers()
    {
        Assert.Equal("repo:o/r:ref:refs/heads/main", IdentityToken.Parse(Jwt("""{"iss":"https://token.actions.githubusercontent.com","sub":"repo:o/r:ref:refs/heads/main"}""")).Challenge);
        Assert.Equal("a@b.c", IdentityToken.Parse(Jwt("""{"iss":"https://oauth2.sigstore.dev/auth","sub":"12345","email":"a@b.c"}""")).Challenge);
    }

    [Fact]
    public void An_expired_token_is_refused_with_one_line()
    {
        var t = IdentityToken.Parse(Jwt("""{"iss":"https://i","sub":"s","exp":1000}"""));
        var e = Assert.Throws<IdentityTokenException>(() => t.EnsureNotExpired(DateTimeOffset.UtcNow));
        Assert.Contains("expired at 1970-01-01T00:16:40Z (this machine's clock says ", e.Message);
        t.EnsureNotExpired(DateTimeOffset.FromUnixTimeSeconds(999));
    }

    [Fact]
    public void A_token_is_still_sent_within_the_cas_clock_skew_after_its_expiry()
    {
        // This machine's clock running up to a minute ahead of the CA's does not refuse a token the CA takes.
        var t = IdentityToken.Parse(Jwt("""{"iss":"https://i","sub":"s","exp":1000}"""));
        t.EnsureNotExpired(DateTimeOffset.FromUnixTimeSeconds(1059));
        var e = Assert.Throws<IdentityTokenException>(() => t.EnsureNotExpired(DateTimeOffset.FromUnixTimeSeconds(1060)));
        Assert.Equal("identity token expired at 1970-01-01T00:16:40Z (this machine's clock says 1970-01-01T00:17:40Z); get a fresh one", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.!!!.c")]
    [InlineData("a.bm90IGpzb24.c")]
    [InlineData("a.W10.c")]
    public void Malformed_tokens_are_format_errors(string jwt) =>
        Assert.Throws<SignetFormatException>(() => IdentityToken.Parse(jwt));

    [Fact]
    public void Missing_claims_are_named()
    {
        Assert.Contains("'iss'", Assert.Throws<SignetFormatException>(() => IdentityToken.Parse(Jwt("""{"sub":"s"}"""))).Message);
        Assert.Contains("'sub'", Assert.Throws<SignetFormatException>(() => IdentityToken.Parse(Jwt("""{"iss":"i"}"""))).Message);
        Assert.Contains("'exp'", Assert.Throws<SignetFormatException>(() => IdentityToken.Parse(Jwt("""{"iss":"i","sub":"s","exp":"soon"}"""))).Message);
    }
}
