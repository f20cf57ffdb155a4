using Signet.Client.Keys;
using Signet.Core.Keys;

namespace Signet.Client.Tests.Keys;

/// <summary>
/// A key pair is written whole or not at all, and never over another: found by running six
/// <c>signet generate-key-pair</c> at once on one prefix, which all said "wrote P.key and P.pub" while one pair was
/// left; with <c>--force</c>, one round in five left a private key and a public key of two different pairs.
/// </summary>
public sealed class KeyPairFilesTests : IDisposable
{
    private const string Password = "correct horse";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-keypair-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private KeyPairFiles Files => KeyPairFiles.At(Path.Combine(_dir, "release"));

    private static byte[] Spki(string publicPem) => VerificationKey.FromPem(publicPem).SpkiDer;

    private byte[] SpkiOfPrivateKey()
    {
        using var key = SigningKey.ImportEncryptedPkcs8Pem(File.ReadAllText(Files.KeyPath), Password);
        return key.PublicKey.SpkiDer;
    }

    [Fact]
    public void Of_writers_of_one_prefix_at_once_one_writes_a_matching_pair_and_the_others_are_refused()
    {
        var keys = Enumerable.Range(0, 6).Select(_ => SigningKey.GenerateEcdsaP256()).ToArray();
        using var start = new Barrier(keys.Length);
        var outcomes = new Exception?[keys.Length];
        var threads = keys.Select((key, i) => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                Files.Write(key, Password);
            }
            catch (IOException e)
            {
                outcomes[i] = e;
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        var winner = Assert.Single(Enumerable.Range(0, keys.Length), i => outcomes[i] is null);
        Assert.All(outcomes.Where(o => o is not null), e => Assert.Contains("already exists", e!.Message, StringComparison.Ordinal));
        Assert.Equal(keys[winner].PublicKey.SpkiDer, Spki(File.ReadAllText(Files.PublicKeyPath)));
        Assert.Equal(keys[winner].PublicKey.SpkiDer, SpkiOfPrivateKey());
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public void A_public_key_that_appears_first_leaves_no_private_key_behind()
    {
        File.WriteAllText(Files.PublicKeyPath, "someone else's");
        using var key = SigningKey.GenerateEcdsaP256();

        Assert.Throws<IOException>(() => Files.Write(key, Password));
        Assert.False(File.Exists(Files.KeyPath));
        Assert.Equal("someone else's", File.ReadAllText(Files.PublicKeyPath));
    }

    [Fact]
    public void Overwrite_replaces_both_files_with_one_pair()
    {
        using var first = SigningKey.GenerateEcdsaP256();
        using var second = SigningKey.GenerateEcdsaP256();
        Files.Write(first, Password);
        Assert.Throws<IOException>(() => Files.Write(second, Password));
        Assert.Equal(first.PublicKey.SpkiDer, SpkiOfPrivateKey());

        Files.Write(second, Password, overwrite: true);
        Assert.Equal(second.PublicKey.SpkiDer, Spki(File.ReadAllText(Files.PublicKeyPath)));
        Assert.Equal(second.PublicKey.SpkiDer, SpkiOfPrivateKey());
    }
}
