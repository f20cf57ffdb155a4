using System.Net;
using System.Text;

namespace Signet.Oci.Tests;

public sealed class RegistryClientTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private RegistryClient Client(RegistryClientOptions? o = null) => new(fixture.Server.Registry, o);

    [Fact]
    public async Task Pushed_image_resolves_by_tag_and_by_digest_with_checked_content()
    {
        using var client = Client();
        var pushed = await TestImages.PushImageAsync(client, "app/one", "v1", "one");

        var byTag = await client.ResolveAsync(ImageReference.Parse($"{fixture.Server.Registry}/app/one:v1"));
        Assert.Equal(pushed.Digest, byTag.Digest);
        Assert.Equal(pushed.Bytes, byTag.Bytes);
        Assert.Equal(OciMediaTypes.ImageManifest, byTag.MediaType);

        var byDigest = await client.GetManifestAsync("app/one", pushed.Digest.ToString());
        var manifest = byDigest.AsManifest();
        var layer = await client.GetBlobAsync("app/one", manifest.Layers[0].ParsedDigest);
        Assert.Equal("layer: one", Encoding.UTF8.GetString(layer));
    }

    [Fact]
    public async Task Unknown_manifest_is_null_or_a_not_found_error_naming_it()
    {
        using var client = Client();
        Assert.Null(await client.TryGetManifestAsync("app/none", "nope"));
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("app/none", "nope"));
        Assert.Equal(RegistryErrorKind.NotFound, e.Kind);
        Assert.Contains("app/none:nope", e.Message, StringComparison.Ordinal);
        var b = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync("app/none", OciDigest.Compute("x"u8)));
        Assert.Equal(RegistryErrorKind.NotFound, b.Kind);
        Assert.Contains("BLOB_UNKNOWN", b.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunked_upload_reports_progress_and_stores_the_exact_bytes()
    {
        using var client = Client(new RegistryClientOptions { ChunkSize = 4096, ChunkedUploadThreshold = 8192 });
        var data = new byte[50_000];
        new Random(7).NextBytes(data);
        var reports = new List<UploadProgress>();
        var progress = new SynchronousProgress<UploadProgress>(reports.Add);

        var d = await client.PushBlobAsync("app/chunks", data, OciMediaTypes.ImageLayer, progress);

        Assert.Equal(OciDigest.Compute(data).ToString(), d.Digest);
        Assert.True(reports.Count >= 13, $"{reports.Count} progress reports");
        Assert.Equal(data.Length, reports[^1].BytesSent);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.BytesSent <= p.Second.BytesSent));
        Assert.Equal(data, await client.GetBlobAsync("app/chunks", d.ParsedDigest));
    }

    [Fact]
    public async Task Chunked_upload_from_a_stream_of_unknown_length()
    {
        using var client = Client(new RegistryClientOptions { ChunkSize = 1000 });
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("signet ", 700)));
        using var stream = new NonSeekableStream(data);
        var d = await client.PushBlobChunkedAsync("app/stream", stream, OciMediaTypes.ImageLayer);
        Assert.Equal(data.Length, d.Size);
        Assert.Equal(data, await client.GetBlobAsync("app/stream", d.ParsedDigest));
    }

    [Fact]
    public async Task Blob_mounts_across_repositories_and_unknown_blob_does_not()
    {
        using var client = Client();
        var d = await client.PushBlobAsync("app/source", "shared layer"u8.ToArray(), OciMediaTypes.ImageLayer);
        Assert.False(await client.BlobExistsAsync("app/target", d.ParsedDigest));

        Assert.True(await client.TryMountBlobAsync("app/target", d.ParsedDigest, "app/source"));
        Assert.True(await client.BlobExistsAsync("app/target", d.ParsedDigest));
        Assert.False(await client.TryMountBlobAsync("app/target", OciDigest.Compute("never pushed"u8), "app/source"));
    }

    [Fact]
    public async Task Tags_are_listed_across_pages()
    {
        using var client = Client();
        var image = await TestImages.PushImageAsync(client, "app/tags", "t0", "tags");
        foreach (var t in new[] { "t1", "t2", "t3", "t4" })
        {
            await client.PutManifestAsync("app/tags", t, image.Bytes, image.MediaType);
        }

        var tags = await client.ListTagsAsync("app/tags", pageSize: 2);
        Assert.Equal(["t0", "t1", "t2", "t3", "t4"], tags.Order().ToArray());
    }

    [Fact]
    public async Task Index_platform_selection_picks_the_asked_platform()
    {
        using var client = Client();
        var (index, images) = await TestImages.PushIndexAsync(client, "app/multi", "latest", "linux/amd64", "linux/arm64", "linux/arm/v6");
        var fetched = await client.GetManifestAsync("app/multi", "latest");
        Assert.True(fetched.IsIndex);
        Assert.Equal(index.Digest, fetched.Digest);

        var parsed = fetched.AsIndex();
        Assert.Equal(images[1].Digest.ToString(), PlatformSelector.Select(parsed, OciPlatform.Parse("linux/arm64"))!.Digest);
        Assert.Equal(images[1].Digest.ToString(), PlatformSelector.Select(parsed, OciPlatform.Parse("linux/arm64/v8"))!.Digest);
        Assert.Equal(images[2].Digest.ToString(), PlatformSelector.Select(parsed, OciPlatform.Parse("linux/arm"))!.Digest);
        Assert.Null(PlatformSelector.Select(parsed, OciPlatform.Parse("linux/arm/v7")));
        Assert.Null(PlatformSelector.Select(parsed, OciPlatform.Parse("windows/amd64")));
    }

    [Fact]
    public async Task Referrers_fall_back_to_the_tag_schema_on_a_registry_without_the_api()
    {
        using var client = Client();
        var image = await TestImages.PushImageAsync(client, "app/refs", "v1", "refs");
        var empty = await client.PushBlobAsync("app/refs", "{}"u8.ToArray(), OciMediaTypes.Empty);
        Assert.Empty(await client.GetReferrersAsync("app/refs", image.Digest));

        async Task<OciDescriptor> Attach(string artifactType, string text)
        {
            var blob = await client.PushBlobAsync("app/refs", Encoding.UTF8.GetBytes(text), artifactType);
            return await client.PushReferrerAsync("app/refs", new OciManifest
            {
                ArtifactType = artifactType,
                Config = empty,
                Layers = [blob],
                Subject = image.ToDescriptor(),
            });
        }

        var a = await Attach("application/vnd.example.a", "first");
        var b = await Attach("application/vnd.example.b", "second");
        _ = await Attach("application/vnd.example.a", "first"); // the same manifest again: no duplicate entry

        var all = await client.GetReferrersAsync("app/refs", image.Digest);
        Assert.Equal([a.Digest, b.Digest], all.Select(d => d.Digest).ToArray());
        var onlyB = await client.GetReferrersAsync("app/refs", image.Digest, "application/vnd.example.b");
        Assert.Equal(b.Digest, Assert.Single(onlyB).Digest);
        // The fallback is the tag sha256-<hex> holding an index.
        var tagIndex = await client.GetManifestAsync("app/refs", image.Digest.ToTag());
        Assert.True(tagIndex.IsIndex);
    }

    [Fact]
    public async Task Tampered_blob_in_registry_storage_fails_the_digest_check()
    {
        using var client = Client();
        var d = await client.PushBlobAsync("app/tamper", "original content"u8.ToArray(), OciMediaTypes.ImageLayer);
        var path = fixture.Server.BlobPath(d.ParsedDigest);
        await File.WriteAllTextAsync(path, "tampered content");
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync("app/tamper", d.ParsedDigest));
        Assert.Equal(RegistryErrorKind.DigestMismatch, e.Kind);
    }

    [Fact]
    public async Task Transient_503_is_retried_after_retry_after_and_counted()
    {
        using var faults = new FaultInjectingHandler(HttpStatusCode.ServiceUnavailable, failures: 2, retryAfterSeconds: 0);
        using var client = Client(new RegistryClientOptions { Handler = faults });
        await TestImages.PushImageAsync(client, "app/retry", "v1", "retry");
        faults.Arm();
        var m = await client.GetManifestAsync("app/retry", "v1");
        Assert.Equal(3, faults.Seen);
        Assert.NotNull(m);
    }

    [Fact]
    public async Task Rate_limit_beyond_the_wait_limit_fails_with_the_registry_figure()
    {
        using var faults = new FaultInjectingHandler(HttpStatusCode.TooManyRequests, failures: 10, retryAfterSeconds: 3600);
        using var client = Client(new RegistryClientOptions { Handler = faults });
        faults.Arm();
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("app/retry", "v1"));
        Assert.Equal(RegistryErrorKind.RateLimited, e.Kind);
        Assert.Contains("retry after 3600 s", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, faults.Seen);
    }

    [Fact]
    public async Task Server_errors_are_retried_then_reported()
    {
        using var faults = new FaultInjectingHandler(HttpStatusCode.BadGateway, failures: 10, retryAfterSeconds: null);
        using var client = Client(new RegistryClientOptions { Handler = faults, MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(1) });
        faults.Arm();
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("app/retry", "v1"));
        Assert.Equal(RegistryErrorKind.ServerError, e.Kind);
        Assert.Equal(3, faults.Seen);
        Assert.Contains("502", e.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
