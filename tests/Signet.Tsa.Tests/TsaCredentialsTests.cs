using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;

namespace Signet.Tsa.Tests;

public sealed class TsaCredentialsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-tsa-creds-").FullName;

    [Fact]
    public void First_start_creates_the_chain_and_a_0600_key_and_the_second_loads_them()
    {
        var tsaDir = Path.Combine(_dir, "tsa");
        var keys = Path.Combine(_dir, "keys");
        string thumbprint;
        using (var created = TsaCredentials.LoadOrCreate(tsaDir, keys, DateTimeOffset.UtcNow))
        {
            thumbprint = created.Leaf.Thumbprint;
        }

        var keyFile = Path.Combine(keys, "tsa.key.pem");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Contains("BEGIN PRIVATE KEY", File.ReadAllText(keyFile));
        using var loaded = TsaCredentials.LoadOrCreate(tsaDir, keys, DateTimeOffset.UtcNow);
        Assert.Equal(thumbprint, loaded.Leaf.Thumbprint);
        Assert.Equal(2, loaded.Chain.Count);
    }

    [Fact]
    public void Leaf_has_critical_timestamping_eku_and_chains_to_the_root()
    {
        using var c = TsaCredentials.Create(DateTimeOffset.UtcNow);
        var eku = c.Leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.True(eku.Critical);
        Assert.Equal("1.3.6.1.5.5.7.3.8", Assert.Single(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Value);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(c.Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.8"));
        Assert.True(chain.Build(c.Leaf));
    }

    [Fact]
    public void A_key_that_does_not_match_the_leaf_is_refused()
    {
        using var a = TsaCredentials.Create(DateTimeOffset.UtcNow);
        using var b = TsaCredentials.Create(DateTimeOffset.UtcNow);
        var e = Assert.Throws<SignetFormatException>(() => TsaCredentials.Load(a.ChainPem, b.SigningKey.ExportPkcs8PrivateKeyPem()));
        Assert.Contains("does not match", e.Message);
    }

    [Fact]
    public void An_operator_key_gets_a_chain_once_and_a_chain_for_another_key_is_refused_not_replaced()
    {
        var tsa = Path.Combine(_dir, "tsa");
        var chainPath = Path.Combine(tsa, "certchain.pem");
        string chain;
        using (var first = TsaCredentials.LoadOrCreateFor(tsa, ECDsa.Create(ECCurve.NamedCurves.nistP256), DateTimeOffset.UtcNow))
        {
            chain = File.ReadAllText(chainPath);
            Assert.Equal(first.ChainPem, chain);
        }

        var e = Assert.Throws<SignetFormatException>(() => TsaCredentials.LoadOrCreateFor(tsa, ECDsa.Create(ECCurve.NamedCurves.nistP256), DateTimeOffset.UtcNow));
        Assert.Equal($"TSA: {chainPath}: the signing key does not match the leaf certificate; move it away to make one for the new key", e.Message);
        Assert.Equal(chain, File.ReadAllText(chainPath));
    }

    [Fact]
    public void A_key_without_its_chain_is_refused()
    {
        var keys = Directory.CreateDirectory(Path.Combine(_dir, "keys")).FullName;
        File.WriteAllText(Path.Combine(keys, "tsa.key.pem"), "x");
        Assert.Throws<SignetFormatException>(() => TsaCredentials.LoadOrCreate(Path.Combine(_dir, "tsa"), keys, DateTimeOffset.UtcNow));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
