using System.Net;
using System.Net.Http.Headers;

namespace Signet.Oci;

/// <summary>
/// Referrers (distribution-spec v1.1 §Listing Referrers) with the referrers tag schema fallback
/// (§Referrers Tag Schema: an image index tagged <c>ALG-HEX</c> of the subject) for registries without the API.
/// </summary>
public sealed partial class RegistryClient
{
    /// <summary>
    /// The manifests that have <paramref name="subject"/> as their subject, optionally only those of
    /// <paramref name="artifactType"/>. The API request and the fallback tag are fetched together, so the answer
    /// costs one round-trip either way; the tag is used only when the API answers 404.
    /// </summary>
    public async Task<IReadOnlyList<OciDescriptor>> GetReferrersAsync(string repository, OciDigest subject, string? artifactType = null,
        CancellationToken cancellationToken = default)
    {
        var api = QueryReferrersApiAsync(repository, subject, artifactType, cancellationToken);
        var fallback = TryGetManifestAsync(repository, subject.ToTag(), cancellationToken);
        IReadOnlyList<OciDescriptor>? fromApi;
        try
        {
            fromApi = await api.ConfigureAwait(false);
        }
        catch
        {
            _ = fallback.ContinueWith(t => t.Exception, TaskScheduler.Default); // observe
            throw;
        }

        var fallbackIndex = await fallback.ConfigureAwait(false);
        if (fromApi is not null)
        {
            return fromApi;
        }

        if (fallbackIndex is null)
        {
            return [];
        }

        if (!fallbackIndex.IsIndex)
        {
            throw new RegistryException(RegistryErrorKind.Protocol,
                $"registry {Registry}: referrers tag {repository}:{subject.ToTag()} is a {fallbackIndex.MediaType}, not an image index");
        }

        return Filter(fallbackIndex.AsIndex().Manifests, artifactType);
    }

    /// <summary>
    /// Pushes an artifact manifest that has a <c>subject</c> and makes it discoverable: when the registry does not
    /// answer <c>OCI-Subject</c>, the referrers tag schema index is updated (read, add the descriptor, write back).
    /// </summary>
    public async Task<OciDescriptor> PushReferrerAsync(string repository, OciManifest manifest, CancellationToken cancellationToken = default)
    {
        var subject = manifest.Subject ?? throw new ArgumentException("a referrer manifest needs a subject", nameof(manifest));
        var bytes = OciJson.Serialize(manifest);
        var digest = OciDigest.Compute(bytes);
        var (_, processed) = await PutManifestAsync(repository, digest.ToString(), bytes, OciMediaTypes.ImageManifest, cancellationToken).ConfigureAwait(false);
        var descriptor = new OciDescriptor
        {
            MediaType = OciMediaTypes.ImageManifest,
            Digest = digest.ToString(),
            Size = bytes.Length,
            ArtifactType = manifest.ArtifactType ?? manifest.Config.MediaType,
            Annotations = manifest.Annotations,
        };
        if (processed)
        {
            return descriptor;
        }

        // distribution-spec §Pushing Manifests with Subject: without OCI-Subject the client maintains the tag index.
        var tag = subject.ParsedDigest.ToTag();
        var existing = await TryGetManifestAsync(repository, tag, cancellationToken).ConfigureAwait(false);
        var entries = existing is { IsIndex: true } ? existing.AsIndex().Manifests.ToList() : [];
        if (entries.Any(e => e.Digest == descriptor.Digest))
        {
            return descriptor;
        }

        entries.Add(descriptor);
        var index = new OciIndex { Manifests = entries };
        await PutManifestAsync(repository, tag, OciJson.Serialize(index), OciMediaTypes.ImageIndex, cancellationToken).ConfigureAwait(false);
        return descriptor;
    }

    // Returns null when the registry has no referrers API (404), the list otherwise.
    private async Task<IReadOnlyList<OciDescriptor>?> QueryReferrersApiAsync(string repository, OciDigest subject, string? artifactType, CancellationToken ct)
    {
        var path = $"v2/{repository}/referrers/{subject}" + (artifactType is null ? "" : $"?artifactType={Uri.EscapeDataString(artifactType)}");
        using var response = await SendAsync(() =>
        {
            var r = new HttpRequestMessage(HttpMethod.Get, ApiUri(path));
            r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageIndex));
            return r;
        }, Pull(repository), safeToRepeat: true, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, $"GET referrers of {repository}@{subject}", ct).ConfigureAwait(false);
        }

        var bytes = await ReadLimitedAsync(response, _options.MaxManifestBytes, "referrers list", ct).ConfigureAwait(false);
        var index = OciJson.ParseIndex(bytes);
        // §Listing Referrers: a registry that applied the filter says so in OCI-Filters-Applied; otherwise filter here.
        var filtered = response.Headers.TryGetValues("OCI-Filters-Applied", out var applied) && applied.Any(v => v.Contains("artifactType", StringComparison.Ordinal));
        return filtered ? index.Manifests : Filter(index.Manifests, artifactType);
    }

    private static IReadOnlyList<OciDescriptor> Filter(IReadOnlyList<OciDescriptor> entries, string? artifactType) =>
        artifactType is null ? entries : entries.Where(e => e.ArtifactType == artifactType).ToList();
}
