using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Ct;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Log.Engine;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Log.Ct.Tests;

/// <summary>The CT personality over a real engine (SQLite and tile files in a temporary directory), without HTTP.</summary>
public sealed class CtLogTests : IAsyncLifetime, IDisposable
{
    private const string Origin = "ct.test/ct";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-ct-").FullName;
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly LogKey _checkpointKey = LogKey.FromKey(SigningKey.GenerateEd25519(), Origin);
    private X509Certificate2 _root = null!;
    private ILogDatabase _database = null!;
    private TransparencyLog _log = null!;
    private CtLog _ct = null!;

    public async Task InitializeAsync()
    {
        var rootRequest = new CertificateRequest("CN=ct test root", _rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _database = await SqliteSequencer.OpenAsync(Path.Combine(_dir, "ct.db"), default);
        _log = await TransparencyLog.OpenAsync(_database, new FileTileStore(Path.Combine(_dir, "tiles")), _checkpointKey, new LogOptions { Origin = Origin }, TimeProvider.System, default);
        _ct = new CtLog(new CtLogKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)), _log.Writer, _log.Reader, new ExtraDataStore(Path.Combine(_dir, "extra")), [_root], TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await _database.DisposeAsync();
        _ct.Key.Dispose();
    }

    public void Dispose()
    {
        _root.Dispose();
        _rootKey.Dispose();
        _checkpointKey.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private X509Certificate2 Leaf(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        return request.Create(_root, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10), RandomNumberGenerator.GetBytes(8));
    }

    [Fact]
    public async Task An_added_chain_gets_an_sct_over_its_leaf_and_is_served_with_its_chain_once_published()
    {
        using var leaf = Leaf("leaf");
        var sct = await _ct.AddChainAsync([leaf.RawData], default);
        Assert.Equal(_ct.Key.LogId, sct.LogId);

        // §3.2: the SCT signs exactly the MerkleTreeLeaf the log appended.
        var merkleLeaf = CtLogEntry.X509EntryLeaf(sct.Timestamp, leaf.RawData, []);
        using (var verifier = ECDsa.Create())
        {
            verifier.ImportSubjectPublicKeyInfo(_ct.Key.PublicKeySpki, out _);
            Assert.True(verifier.VerifyData(merkleLeaf, sct.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        // Returned once durably sequenced; published by the engine in the background.
        var state = await _log.Publisher.WaitForSizeAsync(1, default).WaitAsync(TimeSpan.FromSeconds(20));
        var entry = Assert.Single(await _ct.GetEntriesAsync(0, 10, default));
        Assert.Equal(merkleLeaf, entry.LeafInput);
        Assert.Equal(CtLogEntry.ExtraData(CtEntryType.X509Entry, [leaf.RawData, _root.RawData]), entry.ExtraData);

        var found = await _ct.GetProofByHashAsync(Rfc6962.HashLeaf(merkleLeaf), state.Size, default);
        Assert.Equal(0UL, found!.Value.Index);
        InclusionProof.Verify(0, state.Size, Rfc6962.HashLeaf(merkleLeaf), found.Value.AuditPath, state.RootHash);

        var sth = _ct.GetSignedTreeHead();
        Assert.Equal(state.Size, sth.TreeSize);
        Assert.Equal(state.RootHash, sth.RootHash);
    }

    [Fact]
    public async Task A_refused_chain_appends_nothing()
    {
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest("CN=stranger", strangerKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await Assert.ThrowsAsync<CtLogRejectedException>(() => _ct.AddChainAsync([stranger.RawData], default));
        using var leaf = Leaf("not a precert");
        await Assert.ThrowsAsync<CtLogRejectedException>(() => _ct.AddPreChainAsync([leaf.RawData, _root.RawData], default));
        Assert.Equal(0UL, _log.Reader.Latest.Size);
        Assert.Equal(0UL, await _database.GetSequencedSizeAsync(default));
    }
}
