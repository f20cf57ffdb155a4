using System.Collections.Concurrent;

namespace Signet.Client.Tests.Oci;

/// <summary>
/// Records every request to the registry, and for each its round: 1 + the highest round among responses that had
/// completed before it was sent. A chain of dependent requests therefore gets rounds 1, 2, 3…; requests sent together
/// share a round. This over-counts, never under-counts, the round-trips a caller waits for.
/// </summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<(string Method, string Path, int Round)> _requests = new();
    private int _completedRound;

    public IReadOnlyList<(string Method, string Path, int Round)> Requests => _requests.ToList();

    public int Rounds => _requests.IsEmpty ? 0 : _requests.Max(r => r.Round);

    public void Reset()
    {
        _requests.Clear();
        Volatile.Write(ref _completedRound, 0);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var round = Volatile.Read(ref _completedRound) + 1;
        _requests.Enqueue((request.Method.Method, request.RequestUri!.PathAndQuery, round));
        var response = await base.SendAsync(request, cancellationToken);
        int seen;
        do
        {
            seen = Volatile.Read(ref _completedRound);
        }
        while (round > seen && Interlocked.CompareExchange(ref _completedRound, round, seen) != seen);
        return response;
    }
}
