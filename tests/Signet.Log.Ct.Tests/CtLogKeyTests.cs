using System.Security.Cryptography;
using Signet.Core;

namespace Signet.Log.Ct.Tests;

public sealed class CtLogKeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-ctkey-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_key_is_created_once_then_loaded()
    {
        var path = Path.Combine(_dir, "ct.key.pem");
        using var created = await CtLogKey.LoadOrCreateAsync(path, CancellationToken.None);
        using var loaded = await CtLogKey.LoadOrCreateAsync(path, CancellationToken.None);
        Assert.Equal(created.LogId, loaded.LogId);
    }

    [Fact]
    public async Task A_corrupt_or_wrong_curve_key_file_is_a_format_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "ct.key.pem");
        File.WriteAllText(path, "garbage");
        var corrupt = await Assert.ThrowsAsync<SignetFormatException>(() => CtLogKey.LoadOrCreateAsync(path, CancellationToken.None));
        Assert.StartsWith(path + ": ", corrupt.Message, StringComparison.Ordinal);

        using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
        {
            File.WriteAllText(path, p384.ExportPkcs8PrivateKeyPem());
        }

        var wrongCurve = await Assert.ThrowsAsync<SignetFormatException>(() => CtLogKey.LoadOrCreateAsync(path, CancellationToken.None));
        Assert.Equal(path + ": the CT log key must be ECDSA P-256", wrongCurve.Message);
    }

    [Fact]
    public void A_256_bit_key_on_another_curve_than_P_256_is_refused()
    {
        // RFC 6962 §2.1.4 names NIST P-256; the size alone does not tell brainpoolP256r1 from it.
        using var brainpool = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        Assert.Equal(256, brainpool.KeySize);
        var e = Assert.Throws<ArgumentException>(() => new CtLogKey(brainpool));
        Assert.Equal("the CT log key must be ECDSA P-256", e.Message);
        using var p256 = new CtLogKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        Assert.Equal(32, p256.LogId.Length);
    }
}
