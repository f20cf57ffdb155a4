using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Witness.Tests;

/// <summary>
/// The witness's key: made in the data directory, or an operator's (<see cref="WitnessKey.FromKey"/>); either way
/// <c>witness.vkey</c> fixes the witness's identity (name and key) from its first start.
/// </summary>
public sealed class WitnessKeyTests : IDisposable
{
    private const string Name = "witness.example/w1";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-witness-key-").FullName;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));

    [Fact]
    public void A_cosigner_of_a_signing_key_signs_as_the_cosigner_of_its_seed()
    {
        // RFC 8410 §7: an Ed25519 PKCS#8 is this fixed prefix and the 32-byte seed.
        var seed = RandomNumberGenerator.GetBytes(32);
        using var fromSeed = new CosignatureV1Signer(Name, seed, _clock);
        using var fromKey = new CosignatureV1Signer(Name, SigningKey.FromPkcs8([.. Convert.FromHexString("302e020100300506032b657004220420"), .. seed]), _clock);

        Assert.Equal(fromSeed.VerifierKey, fromKey.VerifierKey);
        Assert.Equal(fromSeed.KeyHash, fromKey.KeyHash);
        var text = Encoding.UTF8.GetBytes("origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        Assert.Equal(fromSeed.Sign(text), fromKey.Sign(text)); // Ed25519 is deterministic; same time from the clock
        Assert.True(NoteVerifierKey.ParseCosigner(fromSeed.VerifierKey).Verify(text, fromKey.Sign(text)));
    }

    [Fact]
    public void A_cosigner_needs_an_ed25519_key()
    {
        using var ecdsa = SigningKey.GenerateEcdsaP256();
        Assert.Throws<ArgumentException>(() => new CosignatureV1Signer(Name, ecdsa, _clock));
    }

    [Fact]
    public void An_operators_key_is_recorded_on_first_start_and_must_be_the_same_after()
    {
        string vkey;
        using (var first = WitnessKey.FromKey(_dir, Name, SigningKey.GenerateEd25519(), _clock, "--key"))
        {
            vkey = first.VerifierKey;
        }

        Assert.Equal(vkey + "\n", File.ReadAllText(VkeyPath));
        Assert.False(File.Exists(Path.Combine(_dir, WitnessKey.KeyFileName)));

        var other = Assert.Throws<SignetConfigurationException>(() => WitnessKey.FromKey(_dir, Name, SigningKey.GenerateEd25519(), _clock, "--key"));
        Assert.Contains($"is {vkey}; this key would make it {Name}+", other.Message, StringComparison.Ordinal);
        var renamed = Assert.Throws<SignetConfigurationException>(() => WitnessKey.FromKey(_dir, "witness.example/w2", SigningKey.GenerateEd25519(), _clock, "--key"));
        Assert.Contains($"is named '{Name}', not 'witness.example/w2'; a witness cannot be renamed", renamed.Message, StringComparison.Ordinal);

        // Nor may a start without the operator's key make a new one in its place.
        var generated = Assert.Throws<SignetConfigurationException>(() => WitnessKey.LoadOrCreate(_dir, Name, _clock));
        Assert.Contains("give its key with --key", generated.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, WitnessKey.KeyFileName)));
        Assert.Equal(vkey + "\n", File.ReadAllText(VkeyPath));
    }

    [Fact]
    public void The_same_operators_key_is_the_same_witness()
    {
        using var key = SigningKey.GenerateEd25519();
        var pkcs8 = key.ExportPkcs8();
        using var first = WitnessKey.FromKey(_dir, Name, SigningKey.FromPkcs8(pkcs8), _clock, "--key");
        using var again = WitnessKey.FromKey(_dir, Name, SigningKey.FromPkcs8(pkcs8), _clock, "--key");
        Assert.Equal(first.VerifierKey, again.VerifierKey);
    }

    [Fact]
    public void A_key_that_is_not_ed25519_is_refused_naming_the_option_and_nothing_is_written()
    {
        var e = Assert.Throws<SignetConfigurationException>(() => WitnessKey.FromKey(_dir, Name, SigningKey.GenerateEcdsaP256(), _clock, "--key"));
        Assert.StartsWith("--key: a witness's key must be Ed25519 (C2SP tlog-cosignature v1), not ", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(VkeyPath));
    }

    [Fact]
    public void A_generated_key_whose_verifier_key_file_was_changed_is_refused()
    {
        using (WitnessKey.LoadOrCreate(_dir, Name, _clock))
        {
        }

        using (var stranger = new CosignatureV1Signer(Name, RandomNumberGenerator.GetBytes(32), _clock))
        {
            File.WriteAllText(VkeyPath, stranger.VerifierKey + "\n");
        }

        var e = Assert.Throws<SignetConfigurationException>(() => WitnessKey.LoadOrCreate(_dir, Name, _clock));
        Assert.Contains("another witness", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verifier_key_file_that_is_not_a_verifier_key_is_refused_as_such()
    {
        using (WitnessKey.LoadOrCreate(_dir, Name, _clock))
        {
        }

        File.WriteAllText(VkeyPath, "garbage\n");
        var e = Assert.Throws<SignetConfigurationException>(() => WitnessKey.LoadOrCreate(_dir, Name, _clock));
        Assert.StartsWith($"{VkeyPath}: not a tlog-cosignature verifier key (", e.Message, StringComparison.Ordinal);
        Assert.Equal("garbage\n", File.ReadAllText(VkeyPath));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string VkeyPath => Path.Combine(_dir, WitnessKey.VerifierKeyFileName);
}
