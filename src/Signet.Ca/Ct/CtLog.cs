using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Ca.Issuance;
using Signet.Core;
using Signet.Core.Ct;

namespace Signet.Ca.Ct;

/// <summary>
/// The RFC 6962 personality: accepts certificate and precertificate chains that end in an accepted root, logs them
/// through <see cref="ICtLogBackend"/> and returns v1 SCTs; signs tree heads. The leaf and the SCT share one
/// timestamp (§3.4), so the SCT verifies against exactly the logged leaf.
/// </summary>
public sealed class CtLog : ICtLogSubmitter
{
    public const int MaxChainLength = 10;
    public const int MaxEntriesPerRequest = 256;

    private readonly CtLogKey _key;
    private readonly ICtLogBackend _backend;
    private readonly X509Certificate2[] _roots;
    private readonly TimeProvider _time;

    public CtLog(CtLogKey key, ICtLogBackend backend, IEnumerable<X509Certificate2> acceptedRoots, TimeProvider time)
    {
        _key = key;
        _backend = backend;
        _roots = acceptedRoots.ToArray();
        _time = time;
        if (_roots.Length == 0)
        {
            throw new ArgumentException("a CT log needs at least one accepted root");
        }
    }

    public CtLogKey Key => _key;

    public IReadOnlyList<X509Certificate2> AcceptedRoots => _roots;

    /// <summary>RFC 6962 §4.1 add-chain.</summary>
    public Task<SignedCertificateTimestamp> AddChainAsync(IReadOnlyList<byte[]> chain, CancellationToken cancellationToken)
    {
        var parsed = ValidateChain(chain);
        if (parsed[0].HasExtension(X509Oids.CtPrecertificatePoison))
        {
            throw new CtLogRejectedException("add-chain: the leaf is a precertificate; use add-pre-chain");
        }

        return LogAsync(CtEntryType.X509Entry, null, parsed[0].Der, parsed, cancellationToken);
    }

    /// <summary>RFC 6962 §4.1 add-pre-chain: the precertificate must carry the poison and be signed by chain[1].</summary>
    public Task<SignedCertificateTimestamp> AddPreChainAsync(IReadOnlyList<byte[]> chain, CancellationToken cancellationToken)
    {
        var parsed = ValidateChain(chain);
        var pre = parsed[0];
        if (!pre.HasExtension(X509Oids.CtPrecertificatePoison))
        {
            throw new CtLogRejectedException("add-pre-chain: the leaf has no precertificate poison extension");
        }

        if (parsed.Count < 2)
        {
            throw new CtLogRejectedException("add-pre-chain: the chain has no issuer");
        }

        using var issuer = X509CertificateLoader.LoadCertificate(parsed[1].Der);
        if (issuer.Extensions[X509Oids.ExtendedKeyUsage] is X509EnhancedKeyUsageExtension eku && eku.EnhancedKeyUsages["1.3.6.1.4.1.11129.2.4.4"] is not null)
        {
            throw new CtLogRejectedException("add-pre-chain: precertificate signing certificates are not supported; sign the precertificate with the CA itself");
        }

        // §3.2 PreCert: issuer_key_hash = SHA-256 of the issuer's SubjectPublicKeyInfo, tbs_certificate without the poison.
        var issuerKeyHash = SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo());
        return LogAsync(CtEntryType.PrecertEntry, issuerKeyHash, pre.TbsWithout(X509Oids.CtPrecertificatePoison), parsed, cancellationToken);
    }

    /// <summary>RFC 6962 §4.3 get-sth: signs the latest integrated tree head now.</summary>
    public async Task<SignedTreeHead> GetSignedTreeHeadAsync(CancellationToken cancellationToken)
    {
        var tree = await _backend.GetTreeAsync(cancellationToken).ConfigureAwait(false);
        var timestamp = (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds();
        var signature = _key.Sign(CtLogEntry.TreeHeadSignatureInput(timestamp, tree.Size, tree.RootHash));
        return new SignedTreeHead(tree.Size, timestamp, tree.RootHash, CtLogEntry.DigitallySigned(signature));
    }

    /// <summary>RFC 6962 §4.4 get-sth-consistency.</summary>
    public async Task<IReadOnlyList<byte[]>> GetConsistencyAsync(ulong first, ulong second, CancellationToken cancellationToken)
    {
        var tree = await _backend.GetTreeAsync(cancellationToken).ConfigureAwait(false);
        if (first > second || second > tree.Size)
        {
            throw new SignetFormatException($"get-sth-consistency: need first <= second <= {tree.Size}, got {first} and {second}");
        }

        return await _backend.GetConsistencyProofAsync(first, second, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 6962 §4.5 get-proof-by-hash: index and audit path of a leaf hash in a tree of <paramref name="treeSize"/>.</summary>
    public async Task<(ulong Index, IReadOnlyList<byte[]> AuditPath)?> GetProofByHashAsync(byte[] leafHash, ulong treeSize, CancellationToken cancellationToken)
    {
        if (leafHash.Length != 32)
        {
            throw new SignetFormatException("get-proof-by-hash: hash is not 32 bytes");
        }

        var tree = await _backend.GetTreeAsync(cancellationToken).ConfigureAwait(false);
        if (treeSize == 0 || treeSize > tree.Size)
        {
            throw new SignetFormatException($"get-proof-by-hash: tree_size must be 1..{tree.Size}");
        }

        var index = await _backend.FindByLeafHashAsync(leafHash, cancellationToken).ConfigureAwait(false);
        if (index is not { } i || i >= treeSize)
        {
            return null;
        }

        return (i, await _backend.GetInclusionProofAsync(i, treeSize, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>RFC 6962 §4.6 get-entries (end inclusive), capped at <see cref="MaxEntriesPerRequest"/>.</summary>
    public async Task<IReadOnlyList<CtStoredEntry>> GetEntriesAsync(ulong start, ulong end, CancellationToken cancellationToken)
    {
        var tree = await _backend.GetTreeAsync(cancellationToken).ConfigureAwait(false);
        if (start > end || start >= tree.Size)
        {
            throw new SignetFormatException($"get-entries: need start <= end and start < {tree.Size}");
        }

        var last = Math.Min(end, tree.Size - 1);
        var count = (int)Math.Min(last - start + 1, MaxEntriesPerRequest);
        return await _backend.GetEntriesAsync(start, count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Logs a certificate (<paramref name="issuerKeyHash"/> null) or a precertificate's TBS.</summary>
    private async Task<SignedCertificateTimestamp> LogAsync(CtEntryType type, byte[]? issuerKeyHash, byte[] certificateOrTbs, List<CertificateDer> chain, CancellationToken cancellationToken)
    {
        var timestamp = (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds();
        var leaf = issuerKeyHash is null
            ? CtLogEntry.X509EntryLeaf(timestamp, certificateOrTbs, [])
            : CtLogEntry.PrecertEntryLeaf(timestamp, issuerKeyHash, certificateOrTbs, []);
        var extra = CtLogEntry.ExtraData(type, chain.Select(c => c.Der).ToArray());
        var signature = _key.Sign(leaf); // §3.2: the signed struct equals the MerkleTreeLeaf bytes for v1
        await _backend.AppendAsync(leaf, extra, cancellationToken).ConfigureAwait(false);
        return new SignedCertificateTimestamp(_key.LogId, timestamp, [], SignedCertificateTimestamp.Sha256, SignedCertificateTimestamp.Ecdsa, signature);
    }

    // §4.1: "the chain ... must end in an accepted root"; each certificate is signed by the next one.
    private List<CertificateDer> ValidateChain(IReadOnlyList<byte[]> chain)
    {
        if (chain.Count == 0 || chain.Count > MaxChainLength)
        {
            throw new CtLogRejectedException($"chain: must hold 1..{MaxChainLength} certificates");
        }

        var parsed = chain.Select((c, i) => CertificateDer.Parse(c, $"chain[{i}]")).ToList();
        for (var i = 0; i + 1 < parsed.Count; i++)
        {
            using var issuer = X509CertificateLoader.LoadCertificate(parsed[i + 1].Der);
            if (!parsed[i].IsSignedBy(issuer))
            {
                throw new CtLogRejectedException($"chain: certificate {i} is not signed by certificate {i + 1}");
            }
        }

        var last = parsed[^1];
        if (_roots.Any(r => r.RawData.AsSpan().SequenceEqual(last.Der)))
        {
            return parsed;
        }

        var root = _roots.FirstOrDefault(last.IsSignedBy)
            ?? throw new CtLogRejectedException("chain: does not end in an accepted root");
        parsed.Add(CertificateDer.Parse(root.RawData, "accepted root"));
        return parsed;
    }
}
