using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Ca.Ct;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Ct;
using Signet.Core.Merkle;
using Signet.Log.Engine;

namespace Signet.Log.Ct;

/// <summary>
/// The RFC 6962 personality of the log engine: accepts certificate and precertificate chains that end in an accepted
/// root, appends their MerkleTreeLeaf through the engine's <see cref="ILogWriter"/> (returning once it is durably
/// sequenced, §3: an SCT promises integration within the MMD) with the chain kept in an <see cref="IExtraDataStore"/>,
/// and returns v1 SCTs; signs tree heads and answers §4's reads through the engine's <see cref="ILogReader"/>. The
/// leaf and the SCT share one timestamp (§3.4), so the SCT verifies against exactly the logged leaf. The CA reaches it
/// only as an <see cref="ICtLogSubmitter"/>.
/// </summary>
public sealed class CtLog : ICtLogSubmitter
{
    /// <summary>The most certificates a submitted chain may hold.</summary>
    public const int MaxChainLength = 10;

    /// <summary>The most entries one <c>get-entries</c> answer holds.</summary>
    public const int MaxEntriesPerRequest = 256;

    private readonly CtLogKey _key;
    private readonly ILogWriter _writer;
    private readonly ILogReader _reader;
    private readonly IExtraDataStore _extraData;
    private readonly X509Certificate2[] _roots;
    private readonly TimeProvider _time;

    /// <param name="key">Signs SCTs and tree heads.</param>
    /// <param name="writer">The engine's writer.</param>
    /// <param name="reader">The engine's reader.</param>
    /// <param name="extraData">Where each entry's chain is kept.</param>
    /// <param name="acceptedRoots">The roots a chain must end in (at least one).</param>
    /// <param name="time">The clock of SCT and tree-head timestamps.</param>
    public CtLog(CtLogKey key, ILogWriter writer, ILogReader reader, IExtraDataStore extraData, IEnumerable<X509Certificate2> acceptedRoots, TimeProvider time)
    {
        _key = key;
        _writer = writer;
        _reader = reader;
        _extraData = extraData;
        _roots = acceptedRoots.ToArray();
        _time = time;
        if (_roots.Length == 0)
        {
            throw new ArgumentException("a CT log needs at least one accepted root");
        }
    }

    /// <summary>The log's key (its log ID is in every SCT).</summary>
    public CtLogKey Key => _key;

    /// <summary>RFC 6962 §4.7 get-roots.</summary>
    public IReadOnlyList<X509Certificate2> AcceptedRoots => _roots;

    /// <summary>RFC 6962 §4.1 add-chain.</summary>
    public Task<SignedCertificateTimestamp> AddChainAsync(IReadOnlyList<byte[]> chain, CancellationToken cancellationToken)
    {
        var parsed = ValidateChain(chain);
        if (parsed[0].HasExtension(X509Oids.PrecertificatePoison))
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
        if (!pre.HasExtension(X509Oids.PrecertificatePoison))
        {
            throw new CtLogRejectedException("add-pre-chain: the leaf has no precertificate poison extension");
        }

        if (parsed.Count < 2)
        {
            throw new CtLogRejectedException("add-pre-chain: the chain has no issuer");
        }

        using var issuer = X509CertificateLoader.LoadCertificate(parsed[1].Der);
        if (issuer.Extensions[X509Oids.ExtendedKeyUsage] is X509EnhancedKeyUsageExtension eku && eku.EnhancedKeyUsages[X509Oids.PrecertificateSigningEku] is not null)
        {
            throw new CtLogRejectedException("add-pre-chain: precertificate signing certificates are not supported; sign the precertificate with the CA itself");
        }

        // §3.2 PreCert: issuer_key_hash = SHA-256 of the issuer's SubjectPublicKeyInfo, tbs_certificate without the poison.
        var issuerKeyHash = SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo());
        return LogAsync(CtEntryType.PrecertEntry, issuerKeyHash, pre.TbsWithout(X509Oids.PrecertificatePoison), parsed, cancellationToken);
    }

    /// <summary>RFC 6962 §4.3 get-sth: signs the latest published tree head now.</summary>
    public SignedTreeHead GetSignedTreeHead()
    {
        var tree = _reader.Latest;
        var timestamp = (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds();
        var signature = _key.Sign(CtLogEntry.TreeHeadSignatureInput(timestamp, tree.Size, tree.RootHash));
        return new SignedTreeHead(tree.Size, timestamp, tree.RootHash, CtLogEntry.DigitallySigned(signature));
    }

    /// <summary>RFC 6962 §4.4 get-sth-consistency.</summary>
    public async Task<IReadOnlyList<byte[]>> GetConsistencyAsync(ulong first, ulong second, CancellationToken cancellationToken)
    {
        var tree = _reader.Latest;
        if (first > second || second > tree.Size)
        {
            throw new SignetFormatException($"get-sth-consistency: need first <= second <= {tree.Size}, got {first} and {second}");
        }

        return await _reader.ConsistencyProofAsync(first, second, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 6962 §4.5 get-proof-by-hash: index and audit path of a leaf hash in a tree of <paramref name="treeSize"/>.</summary>
    public async Task<(ulong Index, IReadOnlyList<byte[]> AuditPath)?> GetProofByHashAsync(byte[] leafHash, ulong treeSize, CancellationToken cancellationToken)
    {
        if (leafHash.Length != 32)
        {
            throw new SignetFormatException("get-proof-by-hash: hash is not 32 bytes");
        }

        var tree = _reader.Latest;
        if (treeSize == 0 || treeSize > tree.Size)
        {
            throw new SignetFormatException($"get-proof-by-hash: tree_size must be 1..{tree.Size}");
        }

        var index = await _reader.FindByLeafHashAsync(leafHash, cancellationToken).ConfigureAwait(false);
        if (index is not { } i || i >= treeSize)
        {
            return null;
        }

        return (i, await _reader.InclusionProofAsync(i, treeSize, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>RFC 6962 §4.6 get-entries (end inclusive), capped at <see cref="MaxEntriesPerRequest"/>.</summary>
    public async Task<IReadOnlyList<CtStoredEntry>> GetEntriesAsync(ulong start, ulong end, CancellationToken cancellationToken)
    {
        var tree = _reader.Latest;
        if (start > end || start >= tree.Size)
        {
            throw new SignetFormatException($"get-entries: need start <= end and start < {tree.Size}");
        }

        var last = Math.Min(end, tree.Size - 1);
        var count = (int)Math.Min(last - start + 1, MaxEntriesPerRequest);
        var entries = await _reader.GetEntriesAsync(start, count, cancellationToken).ConfigureAwait(false);
        var result = new List<CtStoredEntry>(entries.Count);
        foreach (var entry in entries)
        {
            var extra = await _extraData.ReadAsync(Rfc6962.HashLeaf(entry.Body), cancellationToken).ConfigureAwait(false);
            result.Add(new CtStoredEntry(entry.Index, entry.Body, extra));
        }

        return result;
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
        await _extraData.WriteAsync(Rfc6962.HashLeaf(leaf), extra, cancellationToken).ConfigureAwait(false);
        await _writer.SequenceAsync(leaf, [], cancellationToken).ConfigureAwait(false);
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
