using System.Text;
using Microsoft.Extensions.Time.Testing;
using Signet.Testing.Tls;

namespace Signet.Oci.Tests;

/// <summary>
/// A docker config.json in a mounted Secret whose credentials are rotated while a long-running client (the admission
/// webhook) uses it: the client's next challenge uses the new credentials, without a new client. Before, a registry
/// client kept the credential it was made with, and the webhook refused every image of that registry once it expired.
/// </summary>
public sealed class WatchedDockerConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-docker-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Config(string registry, string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{password}"));
        return "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}";
    }

    [Fact]
    public async Task Credentials_rotated_in_a_secret_volume_are_used_by_the_same_client_at_its_next_challenge()
    {
        using var server = new RegistryServer(basicAuth: true);
        var secret = new SecretVolume(Path.Combine(_dir, "registry"), new Dictionary<string, string> { ["config.json"] = Config(server.Registry, "expired") });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var watched = new WatchedDockerConfig(secret.PathOf("config.json"), time);
        using var client = new RegistryClient(server.Registry, new RegistryClientOptions { Credentials = watched });
        var refused = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("app/rotated", "v1"));
        Assert.Equal(RegistryErrorKind.Unauthorized, refused.Kind);

        secret.Update(new Dictionary<string, string> { ["config.json"] = Config(server.Registry, RegistryServer.Password) });
        time.Advance(WatchedDockerConfig.CheckInterval);
        var image = await TestImages.PushImageAsync(client, "app/rotated", "v1", "rotated");
        Assert.Equal(image.Digest, (await client.GetManifestAsync("app/rotated", "v1")).Digest);
    }

    [Fact]
    public void A_broken_update_keeps_the_credentials_in_use_and_says_why_and_a_removed_file_means_none()
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, Config("registry.example", "one"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var watched = new WatchedDockerConfig(path, time);
        Assert.Equal("one", watched.Find("registry.example")!.Password);

        // Changed, but looked at only once the interval has passed.
        File.WriteAllText(path, Config("registry.example", "two"));
        Assert.Equal("one", watched.Find("registry.example")!.Password);
        time.Advance(WatchedDockerConfig.CheckInterval);
        Assert.Equal("two", watched.Find("registry.example")!.Password);

        File.WriteAllText(path, """{"auths":""");
        time.Advance(WatchedDockerConfig.CheckInterval);
        Assert.Equal("two", watched.Find("registry.example")!.Password);
        Assert.StartsWith($"docker config {path}: ", watched.LastError, StringComparison.Ordinal);

        File.Delete(path);
        time.Advance(WatchedDockerConfig.CheckInterval);
        Assert.Null(watched.Find("registry.example"));
        Assert.Null(watched.LastError);
    }
}
