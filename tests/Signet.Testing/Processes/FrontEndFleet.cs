using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Testing.Processes;

/// <summary>
/// Scale-out (issue 23) under failure: several <c>signet serve</c> front ends of one log whose state is all in one
/// PostgreSQL database, each with its own data directory holding a copy of the first one's keys and nothing else.
/// Writers post hashedrekord entries spread over the front ends as a load balancer would (a front end that is down is
/// skipped) and remember every acknowledged entry (201: index, body, the checkpoint that covered it). Front ends are
/// killed with SIGKILL mid-load and restarted on their port. <see cref="CheckAsync"/> then asks every front end that
/// is up for every acknowledged entry: the same body at the same index, with an inclusion proof that verifies against
/// that front end's signed checkpoint; and checks that every checkpoint handed out is consistent with the final tree.
/// </summary>
public sealed class FrontEndFleet : IDisposable
{
    private const int MaxProblems = 50;
    private readonly string _database;
    private readonly string _origin;
    private readonly string[] _directories;
    private readonly ServerProcess?[] _servers;
    private readonly Uri[] _urls;
    private readonly int[] _down;
    private readonly ConcurrentDictionary<long, (byte[] Body, byte[] Checkpoint)> _acknowledged = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly SigningKey _key = SigningKey.GenerateEcdsaP256();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private int _next;

    private FrontEndFleet(string database, string origin, string[] directories)
    {
        _database = database;
        _origin = origin;
        _directories = directories;
        _servers = new ServerProcess?[directories.Length];
        _urls = new Uri[directories.Length];
        _down = new int[directories.Length];
    }

    /// <summary>How many front ends the fleet has (up or down).</summary>
    public int Count => _servers.Length;

    /// <summary>Entries acknowledged so far.</summary>
    public int AcknowledgedCount => _acknowledged.Count;

    /// <summary>Starts <paramref name="count"/> front ends of the log <paramref name="origin"/> on
    /// <paramref name="database"/>, with data directories <c>fe0</c>, <c>fe1</c>, … under <paramref name="root"/>.</summary>
    public static async Task<FrontEndFleet> StartAsync(string root, string database, int count, string origin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var fleet = new FrontEndFleet(database, origin, Enumerable.Range(0, count).Select(i => Path.Combine(root, "fe" + i)).ToArray());
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    CopyKeys(fleet._directories[0], fleet._directories[i]); // the same keys; nothing else is shared but the database
                }

                await fleet.StartAsync(i, port: 0);
            }

            return fleet;
        }
        catch
        {
            fleet.Dispose();
            throw;
        }
    }

    /// <summary>What each front end that is up logged last (<see cref="ServerProcess.OutputTail"/>), for a failure message.</summary>
    public string OutputTails() => string.Join(Environment.NewLine, Enumerable.Range(0, Count)
        .Where(i => Volatile.Read(ref _down[i]) == 0 && _servers[i] is not null)
        .Select(i => $"--- front end {i} logged:{Environment.NewLine}{_servers[i]!.OutputTail}"));

    /// <summary>Only keys and configuration on each front end's disk: no database, no tiles.</summary>
    public IEnumerable<string> LogFilesOnDisk() => _directories.SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
        .Where(f => f.EndsWith(".db", StringComparison.Ordinal) || f.Contains("tiles", StringComparison.Ordinal));

    /// <summary>Runs <paramref name="writers"/> concurrent writers until <paramref name="stop"/>.</summary>
    public Task WriteAsync(int writers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriterAsync(w, stop), CancellationToken.None)));

    /// <summary>SIGKILLs front end <paramref name="frontEnd"/>; the writers stop sending it requests.</summary>
    public void Kill(int frontEnd)
    {
        Volatile.Write(ref _down[frontEnd], 1);
        _servers[frontEnd]!.Kill();
    }

    /// <summary>Starts the killed front end <paramref name="frontEnd"/> again on its data directory and port; returns
    /// how long it took to listen.</summary>
    public async Task<TimeSpan> RestartAsync(int frontEnd)
    {
        var clock = Stopwatch.StartNew();
        _servers[frontEnd]!.Dispose();
        await StartAsync(frontEnd, _urls[frontEnd].Port);
        return clock.Elapsed;
    }

    /// <summary>
    /// <paramref name="kills"/> times, round robin over the front ends: waits until <paramref name="progress"/> more
    /// entries were acknowledged (so every kill lands under load), SIGKILLs a front end and restarts it; finally waits
    /// for <paramref name="progress"/> more. Returns the restart times.
    /// </summary>
    public async Task<IReadOnlyList<TimeSpan>> KillAndRestartAsync(int kills, int progress, TimeSpan timeout)
    {
        var restarts = new List<TimeSpan>();
        for (var k = 0; k <= kills; k++)
        {
            var target = AcknowledgedCount + progress;
            await UntilAsync(() => Task.FromResult(AcknowledgedCount >= target), timeout, $"the writers got no {progress} acknowledgements after kill {k}");
            if (k < kills)
            {
                Kill(k % Count);
                restarts.Add(await RestartAsync(k % Count));
            }
        }

        return restarts;
    }

    /// <summary>
    /// Checks every front end that is up: its signed checkpoint reaches every acknowledged entry within
    /// <paramref name="timeout"/> (bounded staleness), it serves every acknowledged entry at its index with an inclusion
    /// proof verifying against its checkpoint, and every checkpoint acknowledged or served is consistent with the largest
    /// (one root per size, and a verifying consistency proof). Call after the writers stopped.
    /// </summary>
    public async Task<FleetReport> CheckAsync(TimeSpan timeout)
    {
        var up = Enumerable.Range(0, Count).Where(i => Volatile.Read(ref _down[i]) == 0).ToArray();
        var verifier = RekorNoteVerifier.Create(_origin, VerificationKey.FromPem(await _http.GetStringAsync(new Uri(_urls[up[0]], "api/v1/log/publicKey"))));
        var highest = _acknowledged.IsEmpty ? -1L : _acknowledged.Keys.Max();
        var finals = new List<Checkpoint>();
        foreach (var i in up)
        {
            Checkpoint final = null!;
            await UntilAsync(async () => (final = Open((await GetJsonAsync(i, "api/v1/log")).GetProperty("signedTreeHead").GetString()!, verifier)).Size >= (ulong)(highest + 1),
                timeout, $"front end {i}'s checkpoint did not reach the acknowledged entries");
            finals.Add(final);
            await Parallel.ForEachAsync(_acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (ack, _) =>
            {
                try
                {
                    var entry = (await GetJsonAsync(i, $"api/v1/log/entries?logIndex={ack.Key}")).EnumerateObject().Single().Value;
                    if (!Convert.FromBase64String(entry.GetProperty("body").GetString()!).AsSpan().SequenceEqual(ack.Value.Body))
                    {
                        Problem($"front end {i} serves another body at acknowledged index {ack.Key}");
                        return;
                    }

                    var proof = entry.GetProperty("verification").GetProperty("inclusionProof");
                    var served = Open(proof.GetProperty("checkpoint").GetString()!, verifier);
                    InclusionProof.Verify((ulong)ack.Key, served.Size, Rfc6962.HashLeaf(ack.Value.Body),
                        proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList(), served.RootHash);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Problem($"front end {i}, acknowledged index {ack.Key}: {e.GetType().Name}: {e.Message}");
                }
            });
        }

        await CheckConsistencyAsync(up[0], finals, verifier);
        return new FleetReport(_acknowledged.Count, finals.Max(f => f.Size), _problems.ToArray());
    }

    private async Task CheckConsistencyAsync(int frontEnd, List<Checkpoint> finals, INoteVerifier verifier)
    {
        var checkpoints = _acknowledged.Values.Select(a => Open(Encoding.UTF8.GetString(a.Checkpoint), verifier)).Concat(finals).ToList();
        foreach (var forked in checkpoints.GroupBy(c => c.Size).Where(g => g.Select(c => Convert.ToHexString(c.RootHash)).Distinct().Count() > 1))
        {
            Problem($"two checkpoints of size {forked.Key} with different roots");
        }

        var last = finals.MaxBy(f => f.Size)!;
        await Parallel.ForEachAsync(checkpoints.DistinctBy(c => c.Size).Where(c => c.Size < last.Size), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (checkpoint, _) =>
        {
            try
            {
                var proof = await GetJsonAsync(frontEnd, $"api/v1/log/proof?firstSize={checkpoint.Size}&lastSize={last.Size}");
                ConsistencyProof.Verify(checkpoint.Size, last.Size,
                    proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList(), checkpoint.RootHash, last.RootHash);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Problem($"checkpoint of size {checkpoint.Size} is not consistent with size {last.Size}: {e.Message}");
            }
        });
    }

    private async Task WriterAsync(int writer, CancellationToken stop)
    {
        var target = writer % Count;
        while (!stop.IsCancellationRequested)
        {
            for (var tries = 0; tries < Count && Volatile.Read(ref _down[target]) == 1; tries++)
            {
                target = (target + 1) % Count; // the load balancer takes a front end that is down out
            }

            var n = Interlocked.Increment(ref _next);
            var request = HashedRekordRequest.V001(_key, Encoding.UTF8.GetBytes($"front-end fleet artifact {n}"));
            try
            {
                using var content = new StringContent(request, Encoding.UTF8, "application/json");
                using var r = await _http.PostAsync(new Uri(_urls[target], "api/v1/log/entries"), content, stop);
                if (r.StatusCode != HttpStatusCode.Created)
                {
                    continue; // not acknowledged (e.g. pushed back): nothing promised
                }

                using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync(stop));
                var entry = doc.RootElement.EnumerateObject().Single().Value;
                var checkpoint = Encoding.UTF8.GetBytes(entry.GetProperty("verification").GetProperty("inclusionProof").GetProperty("checkpoint").GetString()!);
                if (!_acknowledged.TryAdd(entry.GetProperty("logIndex").GetInt64(), (Convert.FromBase64String(entry.GetProperty("body").GetString()!), checkpoint)))
                {
                    Problem($"index {entry.GetProperty("logIndex").GetInt64()} was acknowledged twice");
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return; // an answer not read is not an acknowledgement
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                // The front end died under this request (or timed out): not acknowledged; try the next one.
                target = (target + 1) % Count;
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private async Task StartAsync(int frontEnd, int port)
    {
        var server = await ServerProcess.StartAsync(_directories[frontEnd], port, "--log-origin", _origin, "--log-postgres", _database);
        _servers[frontEnd] = server;
        _urls[frontEnd] = server.Url;
        Volatile.Write(ref _down[frontEnd], 0);
    }

    private async Task<JsonElement> GetJsonAsync(int frontEnd, string path)
    {
        using var r = await _http.GetAsync(new Uri(_urls[frontEnd], path));
        if (r.StatusCode != HttpStatusCode.OK)
        {
            var answer = await r.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{path} on front end {frontEnd}: HTTP {(int)r.StatusCode}: {answer[..Math.Min(answer.Length, 300)]}");
        }

        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private static Checkpoint Open(string note, INoteVerifier verifier)
    {
        var opened = NoteOpener.Open(Encoding.UTF8.GetBytes(note), [verifier]);
        return opened.Verified.Count > 0 ? Checkpoint.Parse(opened.Text) : throw new InvalidOperationException("a checkpoint not signed by the log's key");
    }

    private void Problem(string problem)
    {
        if (_problems.Count < MaxProblems)
        {
            _problems.Enqueue(problem);
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Gives a further front end the first one's keys (<c>DATA/keys</c>): front ends of one log share keys
    /// and the database, nothing else.</summary>
    public static void CopyKeys(string from, string to)
    {
        var keys = Path.Combine(to, "keys");
        Directory.CreateDirectory(keys);
        foreach (var file in Directory.GetFiles(Path.Combine(from, "keys")))
        {
            File.Copy(file, Path.Combine(keys, Path.GetFileName(file)), overwrite: true);
        }
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server?.Dispose();
        }

        _http.Dispose();
        _key.Dispose();
    }
}

/// <summary>What <see cref="FrontEndFleet.CheckAsync"/> found: acknowledged entries, the final tree size, and every
/// problem (an acknowledged entry missing or wrong, a proof that does not verify, inconsistent checkpoints), at most 50.</summary>
public sealed record FleetReport(int Acknowledged, ulong TreeSize, IReadOnlyList<string> Problems);
