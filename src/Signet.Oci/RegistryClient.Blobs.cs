using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Signet.Oci;

/// <summary>Blobs: pull with digest check, existence, monolithic and chunked upload, cross-repository mount.</summary>
public sealed partial class RegistryClient
{
    /// <summary>GET /v2/NAME/blobs/DIGEST (distribution-spec §Pulling blobs); the content must hash to the digest.</summary>
    public async Task<byte[]> GetBlobAsync(string repository, OciDigest digest, CancellationToken cancellationToken = default)
    {
        var what = $"GET blob {repository}@{digest}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ApiUri($"v2/{repository}/blobs/{digest}")),
            Pull(repository), safeToRepeat: true, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, what, cancellationToken).ConfigureAwait(false);
        }

        var total = response.Content.Headers.ContentLength ?? -1;
        var pulled = _options.BlobProgress is { } sink ? new Action<long>(n => sink.Report(new BlobTransfer(digest.ToString(), false, n, total))) : null;
        var bytes = await ReadLimitedAsync(response, _options.MaxBlobBytes, what, cancellationToken, pulled).ConfigureAwait(false);
        if (!digest.Matches(bytes))
        {
            throw new RegistryException(RegistryErrorKind.DigestMismatch, $"registry {Registry}: {what}: content does not hash to {digest}");
        }

        return bytes;
    }

    /// <summary>HEAD /v2/NAME/blobs/DIGEST: whether the repository has the blob.</summary>
    public async Task<bool> BlobExistsAsync(string repository, OciDigest digest, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, ApiUri($"v2/{repository}/blobs/{digest}")),
            Pull(repository), safeToRepeat: true, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, $"HEAD blob {repository}@{digest}", cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Uploads <paramref name="content"/> unless the repository already has it: monolithic (POST then PUT ?digest=,
    /// distribution-spec §POST then PUT) up to <see cref="RegistryClientOptions.ChunkedUploadThreshold"/>, chunked above.
    /// </summary>
    public async Task<OciDescriptor> PushBlobAsync(string repository, ReadOnlyMemory<byte> content, string mediaType,
        IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var digest = OciDigest.Compute(content.Span);
        var descriptor = new OciDescriptor { MediaType = mediaType, Digest = digest.ToString(), Size = content.Length };
        if (await BlobExistsAsync(repository, digest, cancellationToken).ConfigureAwait(false))
        {
            Sent(progress, descriptor.Digest, content.Length, content.Length);
            return descriptor;
        }

        if (content.Length > _options.ChunkedUploadThreshold)
        {
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            return await PushBlobChunkedAsync(repository, stream, mediaType, progress, cancellationToken).ConfigureAwait(false);
        }

        var location = await StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        var bytes = content.ToArray();
        using var response = await SendAsync(() =>
        {
            var r = new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = new ByteArrayContent(bytes) };
            r.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return r;
        }, Push(repository), safeToRepeat: false, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await ErrorAsync(response, $"PUT blob {repository}@{digest}", cancellationToken).ConfigureAwait(false);
        }

        Sent(progress, descriptor.Digest, content.Length, content.Length);
        return descriptor;
    }

    /// <summary>
    /// Chunked upload (distribution-spec §Pushing a blob in chunks): POST, then PATCH each chunk with
    /// <c>Content-Range: start-end</c> (inclusive), then PUT ?digest=. The digest is computed as the stream is read.
    /// </summary>
    public async Task<OciDescriptor> PushBlobChunkedAsync(string repository, Stream content, string mediaType,
        IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        long? total = content.CanSeek ? content.Length - content.Position : null;
        var (location, minChunk) = await StartUploadWithHintAsync(repository, cancellationToken).ConfigureAwait(false);
        var chunkSize = Math.Max(_options.ChunkSize, minChunk);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[chunkSize];
        long offset = 0;
        while (true)
        {
            var filled = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
            if (filled == 0)
            {
                break;
            }

            hash.AppendData(buffer, 0, filled);
            var chunk = buffer.AsMemory(0, filled).ToArray();
            var start = offset;
            var target = location;
            using var response = await SendAsync(() =>
            {
                var r = new HttpRequestMessage(HttpMethod.Patch, target) { Content = new ByteArrayContent(chunk) };
                r.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                r.Content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + chunk.Length - 1}");
                return r;
            }, Push(repository), safeToRepeat: false, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw await ErrorAsync(response, $"PATCH blob upload {repository} bytes {start}-{start + chunk.Length - 1}", cancellationToken).ConfigureAwait(false);
            }

            location = LocationOf(response, target, "PATCH blob upload");
            offset += chunk.Length;
            Sent(progress, "", offset, total ?? -1);
        }

        var digest = OciDigest.FromSha256(hash.GetHashAndReset());
        var finalLocation = location;
        using (var response = await SendAsync(() =>
               {
                   var r = new HttpRequestMessage(HttpMethod.Put, WithDigest(finalLocation, digest)) { Content = new ByteArrayContent([]) };
                   r.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                   return r;
               }, Push(repository), safeToRepeat: false, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw await ErrorAsync(response, $"PUT blob {repository}@{digest} (close chunked upload)", cancellationToken).ConfigureAwait(false);
            }
        }

        Sent(progress, digest.ToString(), offset, offset);
        return new OciDescriptor { MediaType = mediaType, Digest = digest.ToString(), Size = offset };
    }

    // An upload's progress goes to the caller's sink and to the client's (RegistryClientOptions.BlobProgress).
    private void Sent(IProgress<UploadProgress>? progress, string digest, long sent, long total)
    {
        progress?.Report(new UploadProgress(digest, sent, total));
        _options.BlobProgress?.Report(new BlobTransfer(digest, true, sent, total));
    }

    /// <summary>
    /// POST /v2/NAME/blobs/uploads/?mount=DIGEST&amp;from=OTHER (distribution-spec §Mounting a blob from another
    /// repository). True when the registry mounted it (201); false when it did not (202: the session it opened is cancelled).
    /// </summary>
    public async Task<bool> TryMountBlobAsync(string repository, OciDigest digest, string fromRepository, CancellationToken cancellationToken = default)
    {
        var scope = $"{Push(repository)} {Pull(fromRepository)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post,
                ApiUri($"v2/{repository}/blobs/uploads/?mount={digest}&from={Uri.EscapeDataString(fromRepository)}")),
            scope, safeToRepeat: true, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            // Not mounted: the registry opened an upload session instead. Cancel it (best effort).
            if (response.Headers.Location is { } loc)
            {
                using var _ = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, new Uri(_baseUri, loc)), Push(repository), safeToRepeat: true,
                    cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        throw await ErrorAsync(response, $"mount blob {digest} from {fromRepository} into {repository}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<Uri> StartUploadAsync(string repository, CancellationToken ct) =>
        (await StartUploadWithHintAsync(repository, ct).ConfigureAwait(false)).Location;

    private async Task<(Uri Location, int MinChunk)> StartUploadWithHintAsync(string repository, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, ApiUri($"v2/{repository}/blobs/uploads/")),
            Push(repository), safeToRepeat: true, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await ErrorAsync(response, $"start blob upload in {repository}", ct).ConfigureAwait(false);
        }

        var minChunk = 0;
        if (response.Headers.TryGetValues("OCI-Chunk-Min-Length", out var values) && int.TryParse(values.FirstOrDefault(), out var m) && m is > 0 and <= 256 << 20)
        {
            minChunk = m;
        }

        return (LocationOf(response, ApiUri($"v2/{repository}/blobs/uploads/"), "start blob upload"), minChunk);
    }

    private Uri LocationOf(HttpResponseMessage response, Uri requestUri, string what)
    {
        var loc = response.Headers.Location
            ?? throw new RegistryException(RegistryErrorKind.Protocol, $"registry {Registry}: {what}: no Location header");
        var absolute = loc.IsAbsoluteUri ? loc : new Uri(requestUri, loc);
        // An upload location on another host must not downgrade the transport.
        RegistryEndpoint.RequireSecure(absolute, _options.AllowInsecure, $"registry {Registry}: upload location");
        return absolute;
    }

    private static Uri WithDigest(Uri location, OciDigest digest)
    {
        var b = new UriBuilder(location);
        var q = b.Query.TrimStart('?');
        b.Query = (q.Length > 0 ? q + "&" : "") + "digest=" + Uri.EscapeDataString(digest.ToString());
        return b.Uri;
    }

    private static async Task<int> FillAsync(Stream s, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await s.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }
}
