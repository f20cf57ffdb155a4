namespace Signet.Client.Services;

/// <summary>
/// The HTTP clients Signet's tools reach services with (CA, logs, TSA, OIDC issuers, TUF mirrors): one shared handler
/// (pooled connections renewed every five minutes so that DNS changes are seen, a bounded connect time), Signet's
/// <c>User-Agent</c>, and a timeout per request.
/// </summary>
public static class ServiceHttpClient
{
    /// <summary>The <c>User-Agent</c> product token Signet sends.</summary>
    public const string UserAgent = "signet/0.1";

    /// <summary>Reads (log info, entries, proofs, tokens, TUF metadata).</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Signing and updates: a certificate, a timestamp and a log entry, or a TUF refresh.</summary>
    public static readonly TimeSpan SigningTimeout = TimeSpan.FromSeconds(60);

    private static readonly SocketsHttpHandler Handler = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A client over the shared handler; disposing it leaves the handler (and its pooled connections) alone.</summary>
    public static HttpClient Create(TimeSpan timeout, Uri? baseAddress = null)
    {
        var http = new HttpClient(Handler, disposeHandler: false) { Timeout = timeout, BaseAddress = baseAddress };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return http;
    }
}
