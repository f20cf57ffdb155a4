using System.Net;

namespace Signet.Fuzz;

/// <summary>A registry or log served in process: every request is answered HTTP 200 with <see cref="Body"/> (the
/// fuzzer's input), so a harness drives a network reader through its real HTTP path without a socket.</summary>
internal sealed class ServedAnswer : HttpMessageHandler
{
    /// <summary>What every request gets.</summary>
    public byte[] Body { get; set; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Body), RequestMessage = request });
}
