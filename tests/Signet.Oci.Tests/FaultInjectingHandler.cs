using System.Net;
using System.Net.Http.Headers;

namespace Signet.Oci.Tests;

/// <summary>
/// In front of the real registry: once armed, answers the next <c>failures</c> requests (of method <c>only</c>, when
/// given) with a fault status; <see cref="Seen"/> counts the requests it was armed for.
/// </summary>
public sealed class FaultInjectingHandler(HttpStatusCode status, int failures, int? retryAfterSeconds, HttpMethod? only = null) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _remaining;
    private int _seen;
    private bool _armed;

    public int Seen => _seen;

    public void Arm()
    {
        _armed = true;
        _remaining = failures;
        _seen = 0;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_armed && (only is null || request.Method == only))
        {
            Interlocked.Increment(ref _seen);
            if (Interlocked.Decrement(ref _remaining) >= 0)
            {
                var r = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent("") };
                if (retryAfterSeconds is { } s)
                {
                    r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(s));
                }

                return Task.FromResult(r);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
