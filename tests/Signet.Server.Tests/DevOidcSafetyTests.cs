using System.Security.Cryptography;
using Signet.Server.Oidc;

namespace Signet.Server.Tests;

/// <summary>
/// <c>serve --dev-oidc</c> gives any identity to anyone who reaches it (issue 14): it refuses a non-loopback
/// <c>--listen</c> or <c>--public-url</c> unless <c>--dev-oidc-allow-remote</c> is given, and announces every token.
/// </summary>
public sealed class DevOidcSafetyTests
{
    private static SignetServerOptions Options(string listen, string? publicUrl = null, bool allowRemote = false) =>
        new() { DataDirectory = "/tmp/unused", Listen = listen, PublicUrl = publicUrl, DevOidc = true, DevOidcAllowRemote = allowRemote };

    [Theory]
    [InlineData("0.0.0.0:3000", null, "--listen 0.0.0.0:3000 is not a loopback address")]
    [InlineData("[::]:3000", null, "is not a loopback address")]
    [InlineData("192.0.2.10:3000", null, "is not a loopback address")]
    [InlineData("127.0.0.1:3000", "https://sigstore.example.com", "--public-url https://sigstore.example.com is not a loopback URL")]
    [InlineData("127.0.0.1:3000", "not a url", "is not a loopback URL")]
    public void A_non_loopback_address_is_refused_naming_the_unsafe_flag(string listen, string? publicUrl, string why)
    {
        var e = Assert.Throws<ArgumentException>(() => Options(listen, publicUrl).Validate());
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.Contains("--dev-oidc-allow-remote", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:0", null)]
    [InlineData("127.0.0.2:3000", "http://127.0.0.2:3000")]
    [InlineData("[::1]:3000", "http://[::1]:3000")]
    [InlineData("localhost:3000", "http://localhost:3000")]
    public void Loopback_addresses_are_accepted(string listen, string? publicUrl) => Options(listen, publicUrl).Validate();

    [Fact]
    public void The_unsafe_flag_accepts_a_remote_address_and_without_dev_oidc_nothing_is_checked()
    {
        Options("0.0.0.0:3000", "https://sigstore.example.com", allowRemote: true).Validate();
        (Options("0.0.0.0:3000", "https://sigstore.example.com") with { DevOidc = false }).Validate();
    }

    [Fact]
    public void Every_issued_token_is_announced_as_a_warning()
    {
        var warnings = new StringWriter();
        using var issuer = new DevelopmentIssuer(ECDsa.Create(ECCurve.NamedCurves.nistP256), TimeProvider.System, warnings);

        _ = issuer.MintEmailToken("http://127.0.0.1:3000", "alice@example.com", "sigstore");
        _ = issuer.MintGithubWorkflowToken("http://127.0.0.1:3000", "octo/app/.github/workflows/r.yml@refs/heads/main", "sigstore");

        var lines = warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("signet: WARNING: development OIDC issuer issued a token for ", l, StringComparison.Ordinal));
        Assert.Contains("alice@example.com", lines[0], StringComparison.Ordinal);
        Assert.Contains("repo:octo/app:ref:refs/heads/main", lines[1], StringComparison.Ordinal);
    }
}
