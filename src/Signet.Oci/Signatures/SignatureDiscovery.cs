namespace Signet.Oci.Signatures;

/// <summary>Something attached to an image that could not be read (a digest mismatch, a malformed manifest).</summary>
/// <param name="Source">Where it was found.</param>
/// <param name="Reason">Why it was refused, in one line.</param>
public sealed record DiscoveryFailure(string Source, string Reason);

/// <summary>Everything attached to one image digest in both layouts.</summary>
public sealed record AttachedSignatures(
    OciDigest Subject,
    IReadOnlyList<LegacySignature> Legacy,
    IReadOnlyList<BundleArtifact> Bundles,
    IReadOnlyList<DiscoveryFailure> Failures);

/// <summary>Which layouts to read.</summary>
[Flags]
public enum SignatureLayouts
{
    /// <summary>cosign's legacy tag layout.</summary>
    Legacy = 1,
    /// <summary>Bundle artifacts found through the referrers API (or its tag-schema fallback).</summary>
    Bundle = 2,
    /// <summary>Both layouts.</summary>
    Both = Legacy | Bundle,
}

/// <summary>
/// Finds what is attached to an image in at most three round-trips after its manifest: (1) the legacy tag and the
/// referrers list together, (2) the legacy payload blobs and the bundle artifact manifests together, (3) the bundle blobs.
/// Registry errors while listing propagate; an attached item that cannot be read becomes a <see cref="DiscoveryFailure"/>
/// so that one broken signature does not hide another that verifies.
/// </summary>
public static class SignatureDiscovery
{
    /// <summary>Lists and fetches everything attached to <paramref name="subject"/> in <paramref name="repository"/>.</summary>
    /// <param name="client">The registry.</param>
    /// <param name="repository">The repository of the image.</param>
    /// <param name="subject">The image manifest digest.</param>
    /// <param name="legacyTagSuffix">Which legacy tag to read: <c>.sig</c> (signatures) or <c>.att</c> (attestations).</param>
    /// <param name="layouts">Which layouts to read.</param>
    /// <param name="cancellationToken">Cancels the registry requests.</param>
    /// <exception cref="RegistryException">The registry itself failed while listing.</exception>
    public static async Task<AttachedSignatures> FindAsync(RegistryClient client, string repository, OciDigest subject,
        string legacyTagSuffix = CosignAnnotations.SignatureTagSuffix, SignatureLayouts layouts = SignatureLayouts.Both,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var failures = new List<DiscoveryFailure>();

        // Round 1: both listings at once.
        var legacyManifestTask = layouts.HasFlag(SignatureLayouts.Legacy)
            ? LegacySignatureLayout.GetManifestAsync(client, repository, subject, legacyTagSuffix, cancellationToken)
            : Task.FromResult<OciManifest?>(null);
        var referrersTask = layouts.HasFlag(SignatureLayouts.Bundle)
            ? BundleArtifactLayout.ListAsync(client, repository, subject, cancellationToken)
            : Task.FromResult<IReadOnlyList<OciDescriptor>>([]);
        await Task.WhenAll(Quiet(legacyManifestTask), Quiet(referrersTask)).ConfigureAwait(false);
        var legacyManifest = await legacyManifestTask.ConfigureAwait(false);
        var referrers = await referrersTask.ConfigureAwait(false);

        // Round 2: every legacy payload and every bundle manifest at once.
        var legacyLayers = legacyManifest?.Layers ?? [];
        var payloadTasks = legacyLayers.Select(l => client.GetBlobAsync(repository, l.ParsedDigest, cancellationToken)).ToArray();
        var manifestTasks = referrers.Select(r => BundleArtifactLayout.GetManifestAsync(client, repository, r, subject, cancellationToken)).ToArray();
        await Task.WhenAll(payloadTasks.Select(Quiet).Concat(manifestTasks.Select(Quiet))).ConfigureAwait(false);

        var legacy = new List<LegacySignature>();
        for (var i = 0; i < legacyLayers.Count; i++)
        {
            var source = $"{repository}:{subject.ToTag(legacyTagSuffix)} layer {i}";
            if (Failed(payloadTasks[i], source, failures))
            {
                continue;
            }

            legacy.Add(new LegacySignature(legacyLayers[i].MediaType, payloadTasks[i].Result,
                legacyLayers[i].Annotations ?? new Dictionary<string, string>()));
        }

        // Round 3: the bundle blobs.
        var pending = new List<(OciDescriptor Artifact, OciManifest Manifest, Task<byte[]> Blob)>();
        for (var i = 0; i < referrers.Count; i++)
        {
            if (Failed(manifestTasks[i], $"artifact {referrers[i].Digest}", failures))
            {
                continue;
            }

            var (manifest, layer) = manifestTasks[i].Result;
            pending.Add((referrers[i], manifest, client.GetBlobAsync(repository, layer.ParsedDigest, cancellationToken)));
        }

        await Task.WhenAll(pending.Select(p => Quiet(p.Blob))).ConfigureAwait(false);
        var bundles = new List<BundleArtifact>();
        foreach (var (artifact, manifest, blob) in pending)
        {
            if (!Failed(blob, $"artifact {artifact.Digest} bundle", failures))
            {
                bundles.Add(new BundleArtifact(artifact, manifest.Annotations ?? new Dictionary<string, string>(), blob.Result));
            }
        }

        return new AttachedSignatures(subject, legacy, bundles, failures);
    }

    private static bool Failed(Task task, string source, List<DiscoveryFailure> failures)
    {
        if (task.IsCompletedSuccessfully)
        {
            return false;
        }

        var e = task.Exception?.GetBaseException();
        if (e is OperationCanceledException || task.IsCanceled)
        {
            throw new OperationCanceledException();
        }

        if (e is RegistryException { Kind: RegistryErrorKind.Unauthorized or RegistryErrorKind.Denied or RegistryErrorKind.Unreachable
                or RegistryErrorKind.RateLimited or RegistryErrorKind.ServerError or RegistryErrorKind.InsecureTransport } r)
        {
            // The registry, not the attachment, failed: say so rather than report "not verified".
            throw r;
        }

        failures.Add(new DiscoveryFailure(source, e?.Message ?? "unknown error"));
        return true;
    }

    private static async Task Quiet(Task t)
    {
        try
        {
            await t.ConfigureAwait(false);
        }
        catch (Exception e) when (e is RegistryException or Core.SignetFormatException)
        {
            // inspected by the caller
        }
    }
}
