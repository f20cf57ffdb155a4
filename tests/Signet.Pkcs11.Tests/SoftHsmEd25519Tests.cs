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
        Assert.Throws<NotSupportedException>(() => again.SignDigest(SHA256.HashData(data)));
    }

    [Fact]
    public void A_second_Ed25519_key_under_a_taken_label_is_refused()
    {
        var token = SoftHsmToken.Create();
        Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("taken"))).Dispose();
        var e = Assert.Throws<Signet.Core.SignetFormatException>(() => Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("taken"))));
        Assert.Contains("a key with that label/ID exists", e.Message, StringComparison.Ordinal);
    }
}
