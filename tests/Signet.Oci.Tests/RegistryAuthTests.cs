using System.Text;
using Signet.Core;

namespace Signet.Oci.Tests;

public sealed class RegistryAuthTests
{
    private static readonly RegistryCredential Good = new(RegistryServer.User, RegistryServer.Password);

    [Fact]
    public async Task Basic_auth_registry_refuses_anonymous_with_a_hint_and_accepts_credentials()
    {
        using var server = new RegistryServer(basicAuth: true);
        using (var anonymous = new RegistryClient(server.Registry))
        {
            var e = await Assert.ThrowsAsync<RegistryException>(() => anonymous.GetManifestAsync("app/basic", "v1"));
            Assert.Equal(RegistryErrorKind.Unauthorized, e.Kind);
            Assert.Contains("--registry-username", e.Message, StringComparison.Ordinal);
        }

        using (var wrong = new RegistryClient(server.Registry, new RegistryClientOptions { Credentials = new StaticCredentialSource(Good with { Password = "nope" }) }))
        {
            var e = await Assert.ThrowsAsync<RegistryException>(() => wrong.GetManifestAsync("app/basic", "v1"));
            Assert.Equal(RegistryErrorKind.Unauthorized, e.Kind);
        }

        using var client = new RegistryClient(server.Registry, new RegistryClientOptions { Credentials = new StaticCredentialSource(Good) });
        var image = await TestImages.PushImageAsync(client, "app/basic", "v1", "basic");
        Assert.Equal(image.Digest, (await client.GetManifestAsync("app/basic", "v1")).Digest);
    }

    [Fact]
    public async Task Docker_config_auths_entry_is_used_for_its_registry_only()
    {
        using var server = new RegistryServer(basicAuth: true);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        var config = DockerConfigCredentials.Parse(Encoding.UTF8.GetBytes(
            $$"""{"auths":{"{{server.Registry}}":{"auth":"{{auth}}"},"https://index.docker.io/v1/":{"username":"hub","password":"pw"} } }"""));
        Assert.Equal(RegistryServer.User, config.Find(server.Registry)!.Username);
        Assert.Equal("hub", config.Find("docker.io")!.Username);
        Assert.Null(config.Find("ghcr.io"));

        using var client = new RegistryClient(server.Registry, new RegistryClientOptions { Credentials = config });
        await TestImages.PushImageAsync(client, "app/config", "v1", "config");
        Assert.NotNull(await client.TryGetManifestAsync("app/config", "v1"));
    }

    [Fact]
    public void Docker_config_that_is_malformed_is_a_format_error()
    {
        Assert.Throws<SignetFormatException>(() => DockerConfigCredentials.Parse("[1]"u8));
        Assert.Throws<SignetFormatException>(() => DockerConfigCredentials.Parse("""{"auths":{"r":{"auth":"%%%"}}}"""u8));
        Assert.Throws<SignetFormatException>(() => DockerConfigCredentials.Parse("""{"auths":{"r":{"auth":"bm9jb2xvbg=="}}}"""u8));
        // Lone surrogates (were InvalidOperationException when read) and a registry named twice.
        Assert.Throws<SignetFormatException>(() => DockerConfigCredentials.Parse("""{"auths":{"r":{"auth":"\ud800"}}}"""u8));
        Assert.Throws<SignetFormatException>(() => DockerConfigCredentials.Parse("""{"auths":{"r":{"username":"\udc00","password":"p"}}}"""u8));
        Assert.Throws<SignetFormatException>(() => DockerConfigCredentials.Parse("""{"auths":{"r":{"auth":"dTpw"},"r":{"auth":"eDp5"}}}"""u8));
    }

    [Fact]
    public async Task Bearer_challenge_gets_a_token_per_scope_and_push_needs_credentials()
    {
        using var tokens = new TokenServer();
        using var server = new RegistryServer(tokenAuth: tokens);
        using (var anonymous = new RegistryClient(server.Registry))
        {
            var e = await Assert.ThrowsAsync<RegistryException>(() => anonymous.PushBlobAsync("app/token", "x"u8.ToArray(), OciMediaTypes.ImageLayer));
            Assert.True(e.Kind is RegistryErrorKind.Unauthorized or RegistryErrorKind.Denied, e.Message);
        }

        var before = tokens.Issued;
        using var client = new RegistryClient(server.Registry, new RegistryClientOptions { Credentials = new StaticCredentialSource(Good) });
        var image = await TestImages.PushImageAsync(client, "app/token", "v1", "token");
        var issuedForPush = tokens.Issued;
        Assert.Equal(before + 2, issuedForPush); // one token for the pull scope, one for pull,push; cached afterwards

        using var reader = new RegistryClient(server.Registry);
        Assert.Equal(image.Digest, (await reader.GetManifestAsync("app/token", "v1")).Digest);
        Assert.Equal(image.Digest, (await reader.GetManifestAsync("app/token", image.Digest.ToString())).Digest);
        Assert.Equal(issuedForPush + 1, tokens.Issued); // one anonymous pull token, reused for the second request
    }

    [Fact]
    public void Plain_http_is_only_for_loopback_unless_allowed()
    {
        Assert.Equal("http", RegistryEndpoint.BaseUri("127.0.0.1:5000", allowInsecure: false).Scheme);
        Assert.Equal("http", RegistryEndpoint.BaseUri("localhost:5000", allowInsecure: false).Scheme);
        Assert.Equal("http", RegistryEndpoint.BaseUri("[::1]:5000", allowInsecure: false).Scheme);
        Assert.Equal("https", RegistryEndpoint.BaseUri("registry.example:5000", allowInsecure: false).Scheme);
        Assert.Equal("https://registry-1.docker.io/", RegistryEndpoint.BaseUri("docker.io", allowInsecure: false).ToString());
        Assert.Equal("http", RegistryEndpoint.BaseUri("registry.example:5000", allowInsecure: true).Scheme);
        var e = Assert.Throws<RegistryException>(() =>
            RegistryEndpoint.RequireSecure(new Uri("http://auth.example/token"), allowInsecure: false, "token realm"));
        Assert.Equal(RegistryErrorKind.InsecureTransport, e.Kind);
        Assert.Contains("--allow-insecure-registry", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Challenge_parameters_keep_quoted_commas()
    {
        var p = AuthChallenge.ParseParameters("realm=\"https://auth.example/token\",service=\"reg\",scope=\"repository:a/b:pull,push\"");
        Assert.Equal("https://auth.example/token", p["realm"]);
        Assert.Equal("reg", p["service"]);
        Assert.Equal("repository:a/b:pull,push", p["scope"]);
    }
}
