using System.Net;
using Signet.Testing.Servers;

namespace Signet.Analysis.Tests.Provenance;

/// <summary>
/// A registry on a loopback port serving recorded documents by path (npm's attestations and keys, PyPI's integrity
/// API): the registry this machine reaches serves no attestations, so the real documents of the fixture sets
/// (slsa-verifier's npm data, pypi-attestations' PEP 740 data) are served as the registries served them. Any other path is 404.
/// </summary>
internal sealed class FixtureRegistry : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _documents;

    public FixtureRegistry(Dictionary<string, byte[]> documents)
    {
        _documents = documents;
        var port = LoopbackPort.Free();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>The paths asked for, in order.</summary>
    public List<string> Requests { get; } = [];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.RawUrl ?? "/";
            lock (Requests)
            {
                Requests.Add(path);
            }

            if (_documents.TryGetValue(path, out var body))
            {
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
