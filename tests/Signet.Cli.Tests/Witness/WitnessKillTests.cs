using System.Net;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Witness;

/// <summary>
/// C2SP tlog-witness: a witness that forgets a size it cosigned can be made to cosign a split view. A real
/// <c>signet witness serve</c> is killed (SIGKILL) right after its answer, past a background WAL checkpoint, and the
/// restarted witness knows the size it last cosigned.
/// </summary>
public sealed class WitnessKillTests : IDisposable
{
    private const string Origin = "killed.test/log";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-witness-kill-").FullName;
    private readonly CheckpointingLog _log = new(Origin);

    [Fact]
    public async Task A_witness_killed_right_after_its_answer_restarts_knowing_the_size_it_cosigned()
    {
        var data = Path.Combine(_dir, "w");
        // More commits than the store's checkpoint interval: a background checkpoint has run (or is running) at the kill.
        var last = (ulong)Signet.Witness.WitnessStore.CheckpointEvery + 7;
        using (var witness = await WitnessProcess.StartAsync(data, LoopbackPort.Free(), "witness.test/k", _log.Flag))
        using (var http = new HttpClient { BaseAddress = witness.Url })
        {
            for (ulong size = 1; size <= last; size++)
            {
                using var r = await PostAsync(http, _log.Grow());
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }

            witness.Kill(); // SIGKILL, at once after the last 200
        }

        using var restarted = await WitnessProcess.StartAsync(data, LoopbackPort.Free(), "witness.test/k", _log.Flag);
        using var again = new HttpClient { BaseAddress = restarted.Url };
        _ = _log.Grow();
        using var conflict = await PostAsync(again, _log.Request(0));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal($"{last}\n", await conflict.Content.ReadAsStringAsync());
        using var ok = await PostAsync(again, _log.Request(last));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    public void Dispose()
    {
        _log.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] body) =>
        http.PostAsync(new Uri("add-checkpoint", UriKind.Relative), new ByteArrayContent(body));
}
