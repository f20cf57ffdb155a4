using System.Security.Cryptography;
using System.Text;
using Signet.Client.Signing;
using Signet.Core.Bundle;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;
using Signet.Core.Rekor;
using Signet.Log.Rekor.Entries;

namespace Signet.Client.Tests.Signing.InMemory;

/// <summary>
/// A Rekor v2 log in memory behind <see cref="ITransparencyLogClient"/>: the request is the one the HTTP client sends,
/// canonicalized (and its signature checked) by the log's own entry code; the leaf goes into an RFC 6962 tree, and the
/// answer carries an inclusion proof against a C2SP checkpoint signed with the log's Ed25519 key — as rekor-tiles does.
/// </summary>
public sealed class InMemoryRekorV2Log : ITransparencyLogClient, INodeSource, IDisposable
{
    private readonly SigningKey _key = SigningKey.GenerateEd25519();
    private readonly RekorNoteSigner _signer;
    private readonly List<byte[]> _leaves = [];
    private readonly Lock _lock = new();

    public InMemoryRekorV2Log(string host, DateTimeOffset validFrom)
    {
        BaseUrl = "https://" + host;
        Name = host;
        ValidFrom = validFrom;
        _signer = RekorNoteSigner.Create(host, _key);
        LogId = SHA256.HashData(_key.PublicKey.SpkiDer);
    }

    public string BaseUrl { get; }

    /// <summary>The checkpoint origin and note key name: the authority of <see cref="BaseUrl"/>.</summary>
    public string Name { get; }

    public DateTimeOffset ValidFrom { get; }

    public byte[] LogId { get; }

    /// <summary>How many entries the log holds.</summary>
    public int Size
    {
        get
        {
            lock (_lock)
            {
                return _leaves.Count;
            }
        }
    }

    /// <summary>The log as a trusted root lists it.</summary>
    public TransparencyLogInstance TrustedRootEntry => new(
        BaseUrl, "SHA2_256", new PublicKeyDetails(_key.PublicKey.SpkiDer, "PKIX_ED25519", new TimeRange(ValidFrom, null)), LogId, null, null);

    public Task<TransparencyLogEntry> RecordAsync(LogEntryContent content, CancellationToken cancellationToken)
    {
        var request = HashedRekordV002.Request(content.Digest, content.Signature, content.Certificate, content.PublicKey, content.Algorithm);
        var entry = EntryRequests.FromCreateEntryRequest(request);
        lock (_lock)
        {
            var index = (ulong)_leaves.Count;
            _leaves.Add(Rfc6962.HashLeaf(entry.Body));
            var size = index + 1;
            var root = RangeRoot(0, size);
            var proof = InclusionProof.Build(index, size, this);
            var checkpoint = new Checkpoint(Name, size, root, []).Format();
            var signature = new NoteSignature(_signer.Name, _signer.KeyHash, _signer.Sign(Encoding.UTF8.GetBytes(checkpoint)));
            var note = Encoding.UTF8.GetString(new SignedNote(checkpoint, [signature]).Format());
            return Task.FromResult(new TransparencyLogEntry(
                (long)index, LogId, new KindVersion(entry.Kind, entry.ApiVersion), 0, null,
                new TlogInclusionProof((long)index, root, (long)size, proof, note), entry.Body));
        }
    }

    /// <summary>A perfect subtree's hash: the root of the leaves it spans.</summary>
    public byte[] GetNode(NodeId id) => RangeRoot(id.Begin, id.End);

    private byte[] RangeRoot(ulong begin, ulong end) =>
        MerkleTree.ComputeRoot(_leaves.Skip((int)begin).Take((int)(end - begin)).SelectMany(l => l).ToArray());

    public void Dispose() => _key.Dispose();
}
