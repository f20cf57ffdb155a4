using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Oci;

/// <summary>A manifest or index as fetched: the exact bytes, their verified digest and media type.</summary>
public sealed record ManifestContent(byte[] Bytes, OciDigest Digest, string MediaType)
{
    /// <summary>Whether the content is an index (OCI or Docker manifest list).</summary>
    public bool IsIndex => OciMediaTypes.IsIndex(MediaType);

    /// <summary>The content read as a manifest.</summary>
    public OciManifest AsManifest() => OciJson.ParseManifest(Bytes);

    /// <summary>The content read as an index.</summary>
    public OciIndex AsIndex() => OciJson.ParseIndex(Bytes);

    /// <summary>A descriptor of this content (media type, digest, size).</summary>
    public OciDescriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest.ToString(), Size = Bytes.Length };
}

/// <summary>
/// A client of one registry's OCI distribution API (distribution-spec v1.1): manifests and indexes, blobs, tags
/// and referrers. Every fetched manifest and blob is checked against its digest; failures are
/// <see cref="RegistryException"/>s with one readable message.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryClientOptions _options;
    private readonly RegistryAuthenticator _auth;
    private readonly Uri _baseUri;

    /// <summary>A client for <paramref name="registry"/> (host[:port]); HTTPS unless the registry is on loopback or <see cref="RegistryClientOptions.AllowInsecure"/> is set.</summary>
    public RegistryClient(string registry, RegistryClientOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        Registry = registry;
        _options = options ?? new RegistryClientOptions();
        _baseUri = RegistryEndpoint.BaseUri(registry, _options.AllowInsecure);
        _http = _options.Handler is null
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            : new HttpClient(_options.Handler, disposeHandler: false);
        _http.Timeout = _options.Timeout;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        _auth = new RegistryAuthenticator(registry, _options, _http);
    }

    /// <summary>The registry as written in image references (host[:port]).</summary>
    public string Registry { get; }

    /// <summary>The API base, <c>https://host/</c> (or <c>http://</c> for loopback / insecure).</summary>
    public Uri BaseUri => _baseUri;

    /// <summary>
    /// GET /v2/NAME/manifests/REFERENCE (distribution-spec §Pulling manifests). When the reference is a digest the
    /// content must hash to it; for a tag the content's digest is computed and must equal <c>Docker-Content-Digest</c>.
    /// Returns null on 404.
    /// </summary>
    public async Task<ManifestContent?> TryGetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        var what = $"GET manifest {repository}:{reference}";
        using var response = await SendAsync(() =>
        {
            var r = new HttpRequestMessage(HttpMethod.Get, ApiUri($"v2/{repository}/manifests/{reference}"));
            foreach (var mt in OciMediaTypes.AllManifests)
            {
                r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mt));
            }

            return r;
        }, Pull(repository), safeToRepeat: true, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, what, cancellationToken).ConfigureAwait(false);
        }

        var bytes = await ReadLimitedAsync(response, _options.MaxManifestBytes, what, cancellationToken).ConfigureAwait(false);
        var digest = VerifyManifestDigest(bytes, reference, response, what);
        var mediaType = MediaTypeOf(bytes, response.Content.Headers.ContentType?.MediaType, what);
        return new ManifestContent(bytes, digest, mediaType);
    }

    /// <summary>Like <see cref="TryGetManifestAsync"/> but a 404 is a <see cref="RegistryException"/>.</summary>
    public async Task<ManifestContent> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default) =>
        await TryGetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false)
        ?? throw new RegistryException(RegistryErrorKind.NotFound, $"registry {Registry}: manifest {repository}:{reference} not found (404)", HttpStatusCode.NotFound);

    /// <summary>
    /// PUT /v2/NAME/manifests/REFERENCE (distribution-spec §Pushing Manifests) with the exact bytes given. Returns the
    /// digest and whether the registry processed a <c>subject</c> (the <c>OCI-Subject</c> response header).
    /// </summary>
    public async Task<(OciDigest Digest, bool SubjectProcessed)> PutManifestAsync(
        string repository, string reference, byte[] content, string mediaType, CancellationToken cancellationToken = default)
    {
        var digest = OciDigest.Compute(content);
        if (OciDigest.TryParse(reference, out var asked) && asked != digest)
        {
            throw new ArgumentException($"manifest content hashes to {digest}, not to the reference {asked}", nameof(reference));
        }

        using var response = await SendAsync(() =>
        {
            var r = new HttpRequestMessage(HttpMethod.Put, ApiUri($"v2/{repository}/manifests/{reference}"))
            {
                Content = new ByteArrayContent(content),
            };
            r.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return r;
        }, Push(repository), safeToRepeat: true, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created && !response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, $"PUT manifest {repository}:{reference}", cancellationToken).ConfigureAwait(false);
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values)
            && OciDigest.TryParse(values.FirstOrDefault(), out var returned) && returned.Algorithm == digest.Algorithm && returned != digest)
        {
            throw new RegistryException(RegistryErrorKind.DigestMismatch,
                $"registry {Registry}: stored manifest {repository}:{reference} as {returned}, but its content hashes to {digest}");
        }

        return (digest, response.Headers.Contains("OCI-Subject"));
    }

    /// <summary>Resolves a reference to the digest of its manifest (a tag costs one GET; a digest is fetched and checked too).</summary>
    public async Task<ManifestContent> ResolveAsync(ImageReference image, CancellationToken cancellationToken = default) =>
        await GetManifestAsync(image.Repository, image.Reference, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// GET /v2/NAME/tags/list (distribution-spec §Listing Tags), following <c>Link: &lt;…&gt;; rel="next"</c> pages.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, int pageSize = 1000, CancellationToken cancellationToken = default)
    {
        var tags = new List<string>();
        var next = $"v2/{repository}/tags/list?n={pageSize}";
        for (var page = 0; next is not null; page++)
        {
            if (page > 10_000)
            {
                throw new RegistryException(RegistryErrorKind.Protocol, $"registry {Registry}: tag list of {repository} did not end after 10000 pages");
            }

            var uri = ApiUri(next);
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), Pull(repository), safeToRepeat: true, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, $"GET tags of {repository}", cancellationToken).ConfigureAwait(false);
            }

            var body = await ReadLimitedAsync(response, _options.MaxManifestBytes, "tag list", cancellationToken).ConfigureAwait(false);
            TagList? list;
            try
            {
                list = JsonSerializer.Deserialize(body, OciJsonContext.Default.TagList);
            }
            catch (JsonException e)
            {
                throw new RegistryException(RegistryErrorKind.Protocol, $"registry {Registry}: tag list of {repository} is not JSON: {e.Message}", inner: e);
            }

            tags.AddRange(list?.Tags ?? []);
            next = NextLink(response);
        }

        return tags;
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => _http.Dispose();

    private OciDigest VerifyManifestDigest(byte[] bytes, string reference, HttpResponseMessage response, string what)
    {
        if (OciDigest.TryParse(reference, out var expected))
        {
            if (!expected.Matches(bytes))
            {
                throw new RegistryException(RegistryErrorKind.DigestMismatch,
                    $"registry {Registry}: {what}: content does not hash to the requested digest {expected}");
            }

            return expected;
        }

        var computed = OciDigest.Compute(bytes);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values))
        {
            var header = values.FirstOrDefault();
            if (OciDigest.TryParse(header, out var claimed) && (claimed.Algorithm == "sha256" ? claimed != computed : !claimed.Matches(bytes)))
            {
                throw new RegistryException(RegistryErrorKind.DigestMismatch,
                    $"registry {Registry}: {what}: Docker-Content-Digest {claimed} does not match the content's digest {computed}");
            }
        }

        return computed;
    }

    // A manifest or index, read up to the client's manifest size: an index lists one manifest per platform (and its
    // attestations), a manifest its layers.
    private JsonLimits ManifestLimits => new(_options.MaxManifestBytes, 64, 100_000);

    // The mediaType inside the JSON wins over Content-Type (image-spec: it SHOULD be set and MUST match when set).
    private string MediaTypeOf(byte[] bytes, string? contentType, string what)
    {
        string? declared = null;
        try
        {
            // StrictJson: a string that is not valid Unicode, or a member named twice, is refused here, not read one
            // way by this check and another by the manifest's parser.
            using var doc = StrictJson.Parse(bytes, $"registry {Registry}: {what}", ManifestLimits);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String)
                {
                    declared = mt.GetString();
                }
                else if (doc.RootElement.TryGetProperty("manifests", out _))
                {
                    declared = OciMediaTypes.ImageIndex;
                }
                else if (doc.RootElement.TryGetProperty("layers", out _))
                {
                    declared = OciMediaTypes.ImageManifest;
                }
            }
        }
        catch (SignetFormatException e)
        {
            throw new RegistryException(RegistryErrorKind.Protocol, e.Message, inner: e);
        }

        return declared ?? contentType ?? throw new RegistryException(RegistryErrorKind.Protocol, $"registry {Registry}: {what}: no media type");
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links)
        {
            // RFC 8288: <url>; rel="next"
            var start = link.IndexOf('<', StringComparison.Ordinal);
            var end = link.IndexOf('>', StringComparison.Ordinal);
            if (start >= 0 && end > start && link.Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
            {
                var target = link[(start + 1)..end];
                return target.StartsWith('/') ? target[1..] : target;
            }
        }

        return null;
    }
}
