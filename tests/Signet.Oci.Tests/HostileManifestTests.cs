using System.Net;
using System.Text;

namespace Signet.Oci.Tests;

/// <summary>
/// A registry that answers a manifest no registry should serve: the client refuses it as a protocol error
/// (<see cref="RegistryErrorKind.Protocol"/>) naming the request, never with another exception. Before, a
/// <c>mediaType</c> holding a lone surrogate escape ended as <see cref="InvalidOperationException"/> (exit 70 in the CLI).
/// </summary>
public sealed class HostileManifestTests
{
    /// <summary>Answers every request with the given body, as a registry that has been tampered with would.</summary>
    private sealed class ForgedAnswers(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(body) { Headers = { ContentType = new(OciMediaTypes.ImageManifest) } },
            });
    }

    public static TheoryData<string, string> Manifests() => new()
    {
        { "{\"schemaVersion\":2,\"mediaType\":\"\\ud800\"}", "not valid Unicode" },
        { "{\"schemaVersion\":2,\"mediaType\":\"a\",\"mediaType\":\"b\"}", "not valid JSON" },
        { "{\"schemaVersion\":2,\"annotations\":{\"k\":\"\\udfff\"}}", "not valid Unicode" },
        { "{", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Manifests))]
    public async Task A_manifest_that_is_not_strict_json_is_a_protocol_error(string manifest, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(manifest);
        using var client = new RegistryClient("registry.test", new RegistryClientOptions { Handler = new ForgedAnswers(bytes), MaxAttempts = 1 });

        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("app", OciDigest.Compute(bytes).ToString()));

        Assert.Equal(RegistryErrorKind.Protocol, e.Kind);
        Assert.Contains("registry registry.test: GET manifest app:sha256:", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
