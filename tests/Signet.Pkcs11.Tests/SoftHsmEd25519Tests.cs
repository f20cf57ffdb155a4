using System.Security.Cryptography;
using Signet.Core.Keys;
using Signet.Testing.Keys;

namespace Signet.Pkcs11.Tests;

/// <summary>
/// Ed25519 keys in a SoftHSM2 token (CKK_EC_EDWARDS, CKM_EDDSA; SoftHSM2 2.6): made inside, signing inside with
/// RFC 8032 signatures any Ed25519 verifier accepts, never exported — the Rekor v2 log's checkpoint key.
/// </summary>
[Collection(SoftHsmTokens.Name)]
public sealed class SoftHsmEd25519Tests
{
    [Fact]
    public void A_generated_Ed25519_key_signs_inside_the_token_and_verifies_outside()
    {
        var token = SoftHsmToken.Create();
        using var key = Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("checkpoint")));
        Assert.Equal(SigningAlgorithm.PkixEd25519, key.Algorithm);
        var data = "origin\n1\nroot\n"u8.ToArray();
        var signature = key.Sign(data);
        Assert.Equal(64, signature.Length);
        Assert.True(key.PublicKey.Verify(data, signature));
        Assert.False(key.PublicKey.Verify("origin\n2\nroot\n"u8, signature));

        // Opened again by URI: the same key; it cannot be exported and signs only whole messages.
        using var again = Pkcs11Keys.OpenSigningKey(Pkcs11Uri.Parse(token.Uri("checkpoint")));
        Assert.Equal(key.PublicKey.SpkiDer, again.PublicKey.SpkiDer);
        Assert.True(key.PublicKey.Verify(data, again.Sign(data)));
        Assert.Throws<CryptographicException>(() => again.ExportPkcs8());
        Assert.Throws<NotSupportedException>(() => again.SignDigest(SHA512.HashData(data)));
    }

    [Fact]
    public void A_second_Ed25519_key_under_a_taken_label_is_refused()
    {
        var token = SoftHsmToken.Create();
        Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("taken"))).Dispose();
        var e = Assert.Throws<Signet.Core.SignetFormatException>(() => Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("taken"))));
        Assert.Contains("a key with that label/ID exists", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_ed25519_key_refuses_to_sign_an_artifact_in_one_line_before_anything_is_logged()
    {
        // An artifact is signed as Ed25519ph over its SHA-512 (what the logs verify); CKM_EDDSA here signs messages only.
        var token = SoftHsmToken.Create();
        using var key = Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("signer")));
        using var services = new Signet.Testing.Sigstore.InMemoryServices(TimeProvider.System);
        using var session = Client.Signing.SigningSession.WithKey(new Client.Signing.BundleSigner(services.Clients, TimeProvider.System), key, services.TrustedRoot());
        var data = "artifact"u8.ToArray();

        var e = await Assert.ThrowsAsync<Core.SignetFormatException>(() => session.SignAsync(Client.Signing.SigningPayload.ForArtifactDigest(HashAlgorithmName.SHA512, SHA512.HashData(data)), CancellationToken.None));
        Assert.StartsWith("key: an Ed25519 key in a hardware module signs messages only", e.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (services.Logs[0].Size, services.Tsas[0].Issued));
    }
}
