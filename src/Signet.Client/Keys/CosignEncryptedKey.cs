using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Generators;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Client.Keys;

/// <summary>
/// cosign's password-encrypted private key: a PEM block labelled <c>ENCRYPTED SIGSTORE PRIVATE KEY</c> (or the older
/// <c>ENCRYPTED COSIGN PRIVATE KEY</c>) whose body is the JSON of go-securesystemslib's <c>encrypted</c> package —
/// <c>{"kdf":{"name":"scrypt","params":{"N","r","p"},"salt"},"cipher":{"name":"nacl/secretbox","nonce"},"ciphertext"}</c>
/// with byte fields in standard base64; the key is scrypt (RFC 7914) of the password, the plaintext PKCS#8 DER.
/// </summary>
public static class CosignEncryptedKey
{
    /// <summary>The PEM label cosign writes today.</summary>
    public const string SigstoreLabel = "ENCRYPTED SIGSTORE PRIVATE KEY";

    /// <summary>The PEM label older cosign versions wrote; still read.</summary>
    public const string CosignLabel = "ENCRYPTED COSIGN PRIVATE KEY";

    /// <summary>What go-securesystemslib writes (its "legacy" N = 2^15, as cosign does), r = 8, p = 1.</summary>
    public static readonly ScryptParameters DefaultParameters = new(1 << 15, 8, 1);

    private const int SaltSize = 32;
    private const int MaxJsonBytes = 64 * 1024;

    /// <summary>Whether <paramref name="pem"/> holds a cosign key (either label).</summary>
    public static bool IsCosignKey(string pem) =>
        pem is not null && (pem.Contains("-----BEGIN " + SigstoreLabel + "-----", StringComparison.Ordinal)
            || pem.Contains("-----BEGIN " + CosignLabel + "-----", StringComparison.Ordinal));

    /// <summary>Decrypts a cosign key file to its PKCS#8 DER.</summary>
    /// <exception cref="SignetFormatException">The file is not a well-formed cosign key, or asks for unsafe scrypt costs.</exception>
    /// <exception cref="KeyPasswordException">The password does not open it.</exception>
    public static byte[] DecryptPkcs8(string pem, ReadOnlySpan<char> password)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var label = pem.Contains("-----BEGIN " + SigstoreLabel + "-----", StringComparison.Ordinal) ? SigstoreLabel : CosignLabel;
        var json = Pem.Decode(pem, label);
        if (json.Length > MaxJsonBytes)
        {
            throw new SignetFormatException($"cosign key: the encrypted body is larger than {MaxJsonBytes} bytes");
        }

        var (parameters, salt, nonce, ciphertext) = Parse(json);
        var key = DeriveKey(password, salt, parameters);
        try
        {
            return NaclSecretBox.Open(ciphertext, nonce, key)
                ?? throw new KeyPasswordException("cosign key: the password does not decrypt this key (wrong password or corrupted key)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The signing key inside a cosign key file.</summary>
    public static SigningKey Import(string pem, ReadOnlySpan<char> password)
    {
        var pkcs8 = DecryptPkcs8(pem, password);
        try
        {
            return SigningKey.FromPkcs8(pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Encrypts PKCS#8 DER into a cosign key file (label <c>ENCRYPTED SIGSTORE PRIVATE KEY</c>).</summary>
    public static string Encrypt(ReadOnlySpan<byte> pkcs8, ReadOnlySpan<char> password, ScryptParameters? parameters = null)
    {
        var p = parameters ?? DefaultParameters;
        p.Check();
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(NaclSecretBox.NonceSize);
        var key = DeriveKey(password, salt, p);
        byte[] box;
        try
        {
            box = NaclSecretBox.Seal(pkcs8, nonce, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        var json = new JsonObject
        {
            ["kdf"] = new JsonObject
            {
                ["name"] = "scrypt",
                ["params"] = new JsonObject { ["N"] = p.N, ["r"] = p.R, ["p"] = p.P },
                ["salt"] = Convert.ToBase64String(salt),
            },
            ["cipher"] = new JsonObject { ["name"] = "nacl/secretbox", ["nonce"] = Convert.ToBase64String(nonce) },
            ["ciphertext"] = Convert.ToBase64String(box),
        };
        return Pem.Encode(SigstoreLabel, Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static byte[] DeriveKey(ReadOnlySpan<char> password, byte[] salt, ScryptParameters p)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password.ToArray());
        try
        {
            // RFC 7914 §2: scrypt(P, S, N, r, p, dkLen), dkLen = the secretbox key size.
            return SCrypt.Generate(passwordBytes, salt, p.N, p.R, p.P, NaclSecretBox.KeySize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private static (ScryptParameters Parameters, byte[] Salt, byte[] Nonce, byte[] Ciphertext) Parse(byte[] json)
    {
        using var doc = ClientJson.Parse(json, "cosign key: the encrypted body");
        var root = Object(doc.RootElement, "the encrypted body");
        var kdf = Object(Property(root, "kdf"), "kdf");
        if (String(kdf, "name") != "scrypt")
        {
            throw new SignetFormatException($"cosign key: kdf '{String(kdf, "name")}' is not scrypt");
        }

        var ps = Object(Property(kdf, "params"), "kdf.params");
        var parameters = new ScryptParameters(Int(ps, "N"), Int(ps, "r"), Int(ps, "p"));
        parameters.Check();
        var salt = Bytes(kdf, "salt", "kdf.salt");
        var cipher = Object(Property(root, "cipher"), "cipher");
        if (String(cipher, "name") != "nacl/secretbox")
        {
            throw new SignetFormatException($"cosign key: cipher '{String(cipher, "name")}' is not nacl/secretbox");
        }

        var nonce = Bytes(cipher, "nonce", "cipher.nonce");
        if (nonce.Length != NaclSecretBox.NonceSize)
        {
            throw new SignetFormatException($"cosign key: cipher.nonce is {nonce.Length} bytes, not {NaclSecretBox.NonceSize}");
        }

        if (salt.Length == 0)
        {
            throw new SignetFormatException("cosign key: kdf.salt is empty");
        }

        return (parameters, salt, nonce, Bytes(root, "ciphertext", "ciphertext"));
    }

    private static JsonElement Property(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) ? v : throw new SignetFormatException($"cosign key: '{name}' is missing");

    private static JsonElement Object(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.Object ? e : throw new SignetFormatException($"cosign key: {what} is not a JSON object");

    private static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i
            : throw new SignetFormatException($"cosign key: kdf.params.{name} is not a whole number");

    private static byte[] Bytes(JsonElement o, string name, string what) =>
        String(o, name) is { } s ? Base64Std.Decode(s, "cosign key " + what) : throw new SignetFormatException($"cosign key: {what} is missing");
}
