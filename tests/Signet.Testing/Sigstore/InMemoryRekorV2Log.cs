using System.Security.Cryptography;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Notes;
using Signet.Core.Rekor;
using Signet.Log.Rekor.Entries;

namespace Signet.Testing.Sigstore;

/// <summary>
/// A Rekor v2 log in memory behind <see cref="ITransparencyLogClient"/>: the request is the one the HTTP client sends,
/// canonicalized (and its signature checked) by the log's own entry code; the leaf goes into an RFC 6962 tree, and the
/// answer carries an inclusion proof against a C2SP checkpoint signed with the log's Ed25519 key — as rekor-tiles does.
/// </summary>
public sealed class InMemoryRekorV2Log : ITransparencyLogClient, IDisposable
{
    private readonly SigningKey _key = SigningKey.GenerateEd25519();
    private readonly InMemoryTree _tree;

    /// <summary>Creates a log named <paramref name="host"/> whose key is valid from <paramref name="validFrom"/>.</summary>
    public InMemoryRekorV2Log(string host, DateTimeOffset validFrom)
    {
        BaseUrl = "https://" + host;
        Name = host;
        ValidFrom = validFrom;
        _tree = new InMemoryTree(host, RekorNoteSigner.Create(host, _key));
        LogId = SHA256.HashData(_key.PublicKey.SpkiDer);
    }

    /// <summary>The log's URL as signing configs and trusted roots name it.</summary>
    public string BaseUrl { get; }

    /// <summary>The checkpoint origin and note key name: the authority of <see cref="BaseUrl"/>.</summary>
    public string Name { get; }

    /// <summary>Where the trusted root's validity window of the log's key starts.</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>SHA-256 of the log's public key.</summary>
    public byte[] LogId { get; }

    /// <summary>How many entries the log holds.</summary>
    public int Size => _tree.Size;

    /// <summary>The log as a trusted root lists it.</summary>
    public TransparencyLogInstance TrustedRootEntry => new(
        BaseUrl, "SHA2_256", new PublicKeyDetails(_key.PublicKey.SpkiDer, "PKIX_ED25519", new TimeRange(ValidFrom, null)), LogId, null, null);

    /// <inheritdoc/>
    public Task<TransparencyLogEntry> RecordAsync(LogEntryContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var request = HashedRekordV002.Request(content.Digest, content.Signature, content.Certificate, content.PublicKey, content.Algorithm);
        var entry = EntryRequests.FromCreateEntryRequest(request);
        var (index, proof) = _tree.Append(entry.Body);
        return Task.FromResult(new TransparencyLogEntry(index, LogId, new KindVersion(entry.Kind, entry.ApiVersion), 0, null, proof, entry.Body));
    }

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
