using Signet.Analysis.Registry;

namespace Signet.Fuzz;

/// <summary>
/// A Python package index's JSON API as <c>signet analyze</c> reads it for the release before a PyPI package
/// (<see cref="PypiIndex"/>): the input is the index's answer to <c>GET /pypi/PROJECT/json</c>, served in process,
/// read through the real bounded HTTP read and the document's reader, then ordered in PEP 440 order below a version
/// early in most histories and below one after every release.
/// </summary>
internal static class PypiIndexTarget
{
    private static readonly ServedAnswer Served = new();
    private static readonly Lazy<PypiIndex> Index = new(() => new PypiIndex(new HttpClient(Served), new Uri("http://pypi.invalid/")));

    public static void Run(byte[] data)
    {
        Served.Body = data;
        FuzzTargets.Each(data,
            _ => Index.Value.PreviousReleaseAsync("sampleproject", "1.0", CancellationToken.None).GetAwaiter().GetResult(),
            _ => Index.Value.PreviousReleaseAsync("sampleproject", "9999!0", CancellationToken.None).GetAwaiter().GetResult());
    }
}
