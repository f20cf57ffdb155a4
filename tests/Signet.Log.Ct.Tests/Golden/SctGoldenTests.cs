using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Ct;
using Signet.Core.Keys;
using Signet.Log.Engine;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Log.Ct.Tests.Golden;

/// <summary>
/// The CT log makes the golden SCTs (tests/Signet.Core.Tests/TestData/Golden): for an x509_entry and a precert_entry
/// the leaf it logs (RFC 6962 §3.4, which is also the §3.2 signed data) is byte for byte the golden file, the
/// TLS-encoded SCT equals the golden one up to the (randomized) ECDSA signature, and both signatures verify.
/// </summary>
public sealed class SctGoldenTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset X509Time = new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-ct-golden-").FullName;
    private readonly LogKey _checkpointKey = LogKey.FromKey(SigningKey.GenerateEd25519(), "ct.golden/ct");
    private readonly FixedTime _time = new(X509Time);
    private X509Certificate2 _ca = null!;
    private ILogDatabase _database = null!;
    private TransparencyLog _log = null!;
    private CtLog _ct = null!;

    public async Task InitializeAsync()
    {
        _ca = X509CertificateLoader.LoadCertificate(Der("inputs/ca-cert.pem"));
        _database = await SqliteSequencer.OpenAsync(Path.Combine(_dir, "ct.db"), default);
        _log = await TransparencyLog.OpenAsync(_database, new FileTileStore(Path.Combine(_dir, "tiles")), _checkpointKey, new LogOptions { Origin = "ct.golden/ct" }, TimeProvider.System, default);
        _ct = new CtLog(new CtLogKey(CtKey()), _log.Writer, _log.Reader, new ExtraDataStore(Path.Combine(_dir, "extra")), [_ca], _time);
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await _database.DisposeAsync();
        _ct.Key.Dispose();
    }

    public void Dispose()
    {
        _ca.Dispose();
        _checkpointKey.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static byte[] Golden(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    private static byte[] Der(string name)
    {
        var pem = System.Text.Encoding.UTF8.GetString(Golden(name));
        return Convert.FromBase64String(pem[PemEncoding.Find(pem).Base64Data]);
    }

    private static ECDsa CtKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(System.Text.Encoding.UTF8.GetString(Golden("inputs/ct-log-key.pem")));
        return key;
    }

    [Theory]
    [InlineData(false, "sct-x509")]
    [InlineData(true, "sct-precert")]
    public async Task The_ct_log_logs_and_signs_the_golden_signed_data(bool precert, string name)
    {
        _time.Now = precert ? X509Time.AddSeconds(1) : X509Time;
        var sct = precert
            ? await _ct.AddPreChainAsync([Der("inputs/precert.pem"), _ca.RawData], CancellationToken.None)
            : await _ct.AddChainAsync([Der("inputs/signer-cert.pem"), _ca.RawData], CancellationToken.None);

        await _log.Publisher.WaitForSizeAsync(1, default).WaitAsync(TimeSpan.FromSeconds(20));
        var logged = Assert.Single(await _ct.GetEntriesAsync(0, 10, default));
        Assert.Equal(Golden(name + ".signed-data.bin"), logged.LeafInput);

        // Everything up to the signature vector (RFC 6962 §3.2: version, log id, timestamp, extensions, hash and
        // signature algorithm) is the golden bytes; ECDSA signatures differ from run to run.
        var golden = SignedCertificateTimestamp.Deserialize(Golden(name + ".tls"));
        Assert.Equal(Golden(name + ".tls")[..^(golden.Signature.Length + 2)], sct.Serialize()[..^(sct.Signature.Length + 2)]);
        using var key = CtKey();
        Assert.True(key.VerifyData(logged.LeafInput, sct.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(key.VerifyData(logged.LeafInput, golden.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
