using System.Text;
using System.Text.Json;
using Signet.Client.Keys;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Client.Tests.Keys;

/// <summary>cosign's encrypted key files: scrypt (RFC 7914) + NaCl secretbox over PKCS#8, in a PEM block of JSON.</summary>
public sealed class CosignEncryptedKeyTests
{
    [Fact]
    public void Secretbox_matches_NaCl_known_answer()
    {
        // Known answer from the C implementation of NaCl, as recorded in golang.org/x/crypto nacl/secretbox's
        // TestSecretBox (BSD licence): key = 32 × 0x01, nonce = 24 × 0x02, message = 64 × 0x03.
        var key = Enumerable.Repeat((byte)1, 32).ToArray();
        var nonce = Enumerable.Repeat((byte)2, 24).ToArray();
        var message = Enumerable.Repeat((byte)3, 64).ToArray();
        const string expected = "8442bc313f4626f1359e3b50122b6ce6fe66ddfe7d39d14e637eb4fd5b45beadab55198df6ab5368439792a23c87db70acb6156dc5ef957ac04f6276cf6093b84be77ff0849cc33e34b7254d5a8f65ad";

        var box = NaclSecretBox.Seal(message, nonce, key);
        Assert.Equal(expected, Hex.Encode(box));
        Assert.Equal(message, NaclSecretBox.Open(box, nonce, key));
    }

    [Fact]
    public void Secretbox_refuses_every_altered_byte()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var nonce = new byte[24];
        var box = NaclSecretBox.Seal("attack at dawn"u8, nonce, key);
        for (var i = 0; i < box.Length; i++)
        {
            box[i] ^= 0x20;
            Assert.Null(NaclSecretBox.Open(box, nonce, key));
            box[i] ^= 0x20;
        }

        Assert.NotNull(NaclSecretBox.Open(box, nonce, key));
    }

    [Theory]
    [InlineData(CosignEncryptedKey.SigstoreLabel)]
    [InlineData(CosignEncryptedKey.CosignLabel)]
    public void A_key_file_round_trips_and_signs_under_both_labels(string label)
    {
        using var original = SigningKey.GenerateEcdsaP256();
        var pem = CosignEncryptedKey.Encrypt(original.ExportPkcs8(), "correct horse");
        pem = pem.Replace(CosignEncryptedKey.SigstoreLabel, label, StringComparison.Ordinal);
        Assert.True(CosignEncryptedKey.IsCosignKey(pem));

        using var imported = CosignEncryptedKey.Import(pem, "correct horse");
        Assert.Equal(original.PublicKey.SpkiDer, imported.PublicKey.SpkiDer);
        var signature = imported.Sign("data"u8);
        Assert.True(original.PublicKey.Verify("data"u8, signature));
    }

    [Fact]
    public void The_file_is_the_JSON_shape_cosign_writes()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var pem = CosignEncryptedKey.Encrypt(key.ExportPkcs8(), "pw");
        using var doc = JsonDocument.Parse(Pem.Decode(pem, CosignEncryptedKey.SigstoreLabel));
        var kdf = doc.RootElement.GetProperty("kdf");
        Assert.Equal("scrypt", kdf.GetProperty("name").GetString());
        Assert.Equal(32768, kdf.GetProperty("params").GetProperty("N").GetInt32());
        Assert.Equal(8, kdf.GetProperty("params").GetProperty("r").GetInt32());
        Assert.Equal(1, kdf.GetProperty("params").GetProperty("p").GetInt32());
        Assert.Equal(32, Convert.FromBase64String(kdf.GetProperty("salt").GetString()!).Length);
        Assert.Equal("nacl/secretbox", doc.RootElement.GetProperty("cipher").GetProperty("name").GetString());
        Assert.Equal(24, Convert.FromBase64String(doc.RootElement.GetProperty("cipher").GetProperty("nonce").GetString()!).Length);
        Assert.Equal(key.ExportPkcs8().Length + 16, Convert.FromBase64String(doc.RootElement.GetProperty("ciphertext").GetString()!).Length);
    }

    [Fact]
    public void A_wrong_password_is_a_password_error()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var pem = CosignEncryptedKey.Encrypt(key.ExportPkcs8(), "right");
        var e = Assert.Throws<KeyPasswordException>(() => CosignEncryptedKey.DecryptPkcs8(pem, "wrong"));
        Assert.Contains("password", e.Message);
    }

    [Theory]
    [InlineData("""{"kdf":{"name":"scrypt","params":{"N":1073741824,"r":8,"p":1},"salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},"ciphertext":"AAAA"}""", "scrypt parameters")]
    [InlineData("""{"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":64},"salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},"ciphertext":"AAAA"}""", "scrypt parameters")]
    [InlineData("""{"kdf":{"name":"pbkdf2","params":{"N":32768,"r":8,"p":1},"salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},"ciphertext":"AAAA"}""", "not scrypt")]
    [InlineData("""{"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":"AAAA"},"cipher":{"name":"aes-gcm","nonce":"AAAA"},"ciphertext":"AAAA"}""", "nacl/secretbox")]
    [InlineData("""{"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"AAAA"},"ciphertext":"AAAA"}""", "nonce")]
    [InlineData("""{"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}""", "ciphertext")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""not json""", "not valid JSON")]
    public void Malformed_or_costly_files_are_format_errors_before_any_key_derivation(string json, string message)
    {
        var pem = Pem.Encode(CosignEncryptedKey.SigstoreLabel, Encoding.UTF8.GetBytes(json));
        var e = Assert.Throws<SignetFormatException>(() => CosignEncryptedKey.DecryptPkcs8(pem, "pw"));
        Assert.Contains(message, e.Message);
    }
}
