using System.Diagnostics;

namespace Signet.Oci.Tests;

/// <summary>
/// Counts the registry round-trips a caller waits for. Once <see cref="StartCounting"/> is called, requests are held
/// and released in batches: a batch goes out when no new request has arrived for a quiet period. A request that
/// depends on an earlier answer cannot arrive before that answer was released, so it lands in a later batch; requests
/// a caller sends together land in one batch. The number of batches is therefore the number of round-trips
/// (a slow machine can only split a batch and over-count, never under-count).
/// </summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);
    private readonly Lock _lock = new();
    private readonly List<(string Method, string Path, int Round)> _requests = [];
    private readonly List<(TaskCompletionSource<int> Gate, int Index)> _held = [];
    private readonly Stopwatch _sinceArrival = new();
    private bool _counting;
    private int _rounds;
    private Timer? _pump;

    public IReadOnlyList<(string Method, string Path, int Round)> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    public int Rounds
    {
        get
        {
            lock (_lock)
            {
                return _rounds;
            }
        }
    }

    /// <summary>Forgets what was seen and starts holding requests in batches.</summary>
    public void StartCounting()
    {
        lock (_lock)
        {
            _requests.Clear();
            _rounds = 0;
            _counting = true;
            _pump ??= new Timer(_ => Release(), null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Task<int>? gate = null;
        lock (_lock)
        {
            if (_counting)
            {
                var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                _requests.Add((request.Method.Method, request.RequestUri!.PathAndQuery, 0));
                _held.Add((tcs, _requests.Count - 1));
                _sinceArrival.Restart();
                gate = tcs.Task;
            }
        }

        if (gate is not null)
        {
            await gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pump?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Release()
    {
        List<TaskCompletionSource<int>> go;
        lock (_lock)
        {
            if (_held.Count == 0 || _sinceArrival.Elapsed < Quiet)
            {
                return;
            }

            _rounds++;
            foreach (var (_, index) in _held)
            {
                _requests[index] = _requests[index] with { Round = _rounds };
            }

            go = _held.Select(h => h.Gate).ToList();
            _held.Clear();
        }

        foreach (var g in go)
        {
            g.TrySetResult(_rounds);
        }
    }
}
