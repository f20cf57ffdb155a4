using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Rekor;
using Signet.Log.Rekor;
using Signet.Log.Rekor.Entries;

namespace Signet.Testing.Sigstore;

/// <summary>
/// A Rekor v1 log in memory behind <see cref="ITransparencyLogClient"/>: the proposed entry is the one
/// <c>RekorV1Client</c> sends (hashedrekord 0.0.1, or for an envelope dsse 0.0.1 or intoto 0.0.2), canonicalized by
/// the log's own entry code; the answer carries the integrated time, the signed entry timestamp of
/// <see cref="RekorV1Key"/> and an inclusion proof against a checkpoint signed with the same ECDSA key.
/// </summary>
public sealed class InMemoryRekorV1Log : ITransparencyLogClient, IDisposable
{
    private readonly RekorV1Key _key;
    private readonly InMemoryTree _tree;
    private readonly TimeProvider _time;

    /// <summary>Creates a log named <paramref name="host"/> whose key is valid from <paramref name="validFrom"/>.</summary>
    public InMemoryRekorV1Log(string host, TimeProvider time, DateTimeOffset validFrom)
    {
        _time = time;
        BaseUrl = "https://" + host;
        Name = host;
        ValidFrom = validFrom;
        _key = RekorV1Key.FromKey(SigningKey.GenerateEcdsaP256(), host);
        _tree = new InMemoryTree(host, _key.NoteSigner);
    }

    /// <summary>The log's URL as signing configs and trusted roots name it.</summary>
    public string BaseUrl { get; }

    /// <summary>The checkpoint origin and note key name: the authority of <see cref="BaseUrl"/>.</summary>
    public string Name { get; }

    /// <summary>Where the trusted root's validity window of the log's key starts.</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>SHA-256 of the log's public key.</summary>
    public byte[] LogId => _key.LogId;

    /// <summary>How many entries the log holds.</summary>
    public int Size => _tree.Size;

    /// <summary>The kind a DSSE envelope is recorded as: <c>dsse</c> (0.0.1, cosign's and sigstore-go's) or <c>intoto</c> (0.0.2).</summary>
    public string EnvelopeKind { get; set; } = DsseV001.Kind;

    /// <summary>The log as a trusted root lists it.</summary>
    public TransparencyLogInstance TrustedRootEntry => new(
        BaseUrl, "SHA2_256", new PublicKeyDetails(_key.PublicKey.SpkiDer, "PKIX_ECDSA_P256_SHA_256", new TimeRange(ValidFrom, null)), LogId, null, null);

    /// <inheritdoc/>
    public Task<TransparencyLogEntry> RecordAsync(LogEntryContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var payload = content.Payload;
        var proposed = !payload.IsDsse ? HashedRekordV001.Request(content.DigestHash, content.Digest, content.Signature, content.VerifierPem)
            : EnvelopeKind == IntotoV002.Kind ? IntotoV002.Request(payload.PayloadType!, payload.Payload!, content.Signature, content.VerifierPem)
            : DsseV001.Request(payload.PayloadType!, payload.Payload!, content.Signature, content.VerifierPem);
        var entry = EntryRequests.FromProposedEntry(proposed);
        var integratedTime = _time.GetUtcNow().ToUnixTimeSeconds();
        var (index, proof) = _tree.Append(entry.Body);
        var set = _key.SignEntryTimestamp(entry.Body, integratedTime, index);
        return Task.FromResult(new TransparencyLogEntry(
            index, LogId, new KindVersion(entry.Kind, entry.ApiVersion), integratedTime, set, proof, entry.Body));
    }

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
