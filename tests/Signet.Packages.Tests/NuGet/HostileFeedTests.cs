using System.Net;
using System.Text;
using Signet.Core;
using Signet.Packages.NuGet;

namespace Signet.Packages.Tests.NuGet;

/// <summary>
/// A NuGet v3 feed that answers what no feed should: its service index is read strictly and its
/// <c>PackageBaseAddress/3.0.0</c> must be an http(s) URL, each refusal a format error naming the document. Before, a
/// lone surrogate in the index ended as <see cref="InvalidOperationException"/> and an <c>@id</c> that is not a URL as
/// <see cref="UriFormatException"/>.
/// </summary>
public sealed class HostileFeedTests
{
    private const string Index = "https://feed.test/v3/index.json";

    /// <summary>Answers every request with the service index given, as a tampered or broken feed would.</summary>
    private sealed class ForgedFeed(string serviceIndex) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent(serviceIndex, Encoding.UTF8, "application/json") });
    }

    public static TheoryData<string, string> ServiceIndexes() => new()
    {
        { """{"resources":[{"@type":"PackageBaseAddress/3.0.0","@id":"\ud800"}]}""", "@id: not valid Unicode" },
        { """{"resources":[{"@type":"\udfff","@id":"https://feed.test/flat/"}]}""", "@type: not valid Unicode" },
        { """{"resources":[{"@type":"PackageBaseAddress/3.0.0","@id":"not a url"}]}""", "'not a url' is not an http(s) URL" },
        { """{"resources":[{"@type":"PackageBaseAddress/3.0.0","@id":"file:///etc/"}]}""", "is not an http(s) URL" },
        { """{"resources":[],"resources":[]}""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(ServiceIndexes))]
    public async Task A_malformed_service_index_is_a_format_error_naming_it(string serviceIndex, string expected)
    {
        using var http = new HttpClient(new ForgedFeed(serviceIndex));

        var e = await Assert.ThrowsAsync<SignetFormatException>(() => new NuGetPackageLocator(http).VersionsAsync(Index, "Some.Package", CancellationToken.None));

        Assert.StartsWith(Index, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
