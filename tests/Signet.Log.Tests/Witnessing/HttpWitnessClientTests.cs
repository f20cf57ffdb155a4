using Signet.Core.Notes;
using Signet.Log.Witnessing;
using Signet.Testing.Servers;

namespace Signet.Log.Tests.Witnessing;

/// <summary>
/// The log's client of its witnesses against a witness that misbehaves after its headers (a real server,
/// <see cref="HostileHttpServer"/>): each is "no answer" within the request timeout, and a flood is refused at 64 KiB
/// instead of being buffered (before, the log's client buffered up to 2 GB of it for every checkpoint it sent, and took
/// a 200 flood for a cosignature).
/// </summary>
public sealed class HttpWitnessClientTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(HostileBody.Stall)]
    [InlineData(HostileBody.Trickle)]
    [InlineData(HostileBody.Flood)]
    public async Task A_witness_that_misbehaves_in_its_answer_is_unavailable(HostileBody body)
    {
        await using var server = HostileHttpServer.Start(body);
        // A flood gets time enough to be read whole: what stops it is the size limit.
        using var http = HttpWitnessClient.CreateHttpClient(TimeSpan.FromSeconds(body == HostileBody.Flood ? 60 : 1));
        var client = new HttpWitnessClient(http, server.BaseUrl);
        var request = new AddCheckpointRequest(0, [], "log.example\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"u8.ToArray());

        var e = await Assert.ThrowsAsync<WitnessUnavailableException>(() => client.AddCheckpointAsync(request, default).WaitAsync(Bound));
        Assert.StartsWith($"witness {server.BaseUrl}: no answer", e.Message, StringComparison.Ordinal);
        Assert.True(server.BodyBytesSent < HostileHttpServer.FloodLimit, "the client stopped long before the end of the flood");
    }
}
