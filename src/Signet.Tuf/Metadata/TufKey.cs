using System.Security.Cryptography;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>
/// A public key as TUF metadata lists it (TUF §4.2 "KEY"): <c>keytype</c>, <c>scheme</c>, <c>keyval.public</c>.
/// Supported: <c>ed25519</c> (hex of the 32-byte key) and <c>ecdsa-sha2-nistp256</c> (PEM SubjectPublicKeyInfo,
/// key type <c>ecdsa</c> or the older <c>ecdsa-sha2-nistp256</c>), as Sigstore's root-signing uses them.
/// Keys of other types parse but never verify a signature.
/// </summary>
public sealed class TufKey
{
    private TufKey() { }

    public string KeyType { get; private init; } = "";

    public string Scheme { get; private init; } = "";

    public string PublicValue { get; private init; } = "";

    /// <summary>Whether Signet can verify this key's signatures.</summary>
    public bool IsSupported => Key is not null;

    /// <summary>The key Signet verifies with; null when it is not <see cref="IsSupported"/>.</summary>
    public VerificationKey? Key { get; private init; }

    public static TufKey Parse(JsonElement element, string what)
    {
        var keyType = TufJson.String(element, "keytype", what);
        var scheme = TufJson.String(element, "scheme", what);
        var publicValue = TufJson.String(TufJson.Object(element, "keyval", what), "public", what + " keyval");
        return new TufKey { KeyType = keyType, Scheme = scheme, PublicValue = publicValue, Key = TryLoad(keyType, scheme, publicValue, what) };
    }

    /// <summary>The TUF key for a Signet verification key, in the form <c>signet tuf</c> writes.</summary>
    public static TufKey FromVerificationKey(VerificationKey key)
    {
        if (key.DefaultAlgorithm == SigningAlgorithm.PkixEd25519)
        {
            return new TufKey { KeyType = "ed25519", Scheme = "ed25519", PublicValue = Convert.ToHexStringLower(key.Ed25519Raw), Key = key };
        }

        if (key.DefaultAlgorithm == SigningAlgorithm.PkixEcdsaP256Sha256)
        {
            return new TufKey { KeyType = "ecdsa", Scheme = "ecdsa-sha2-nistp256", PublicValue = key.ToPem(), Key = key };
        }

        throw new SignetFormatException($"TUF key: {key.DefaultAlgorithm} is not supported (ed25519, ecdsa-sha2-nistp256)");
    }

    /// <summary>The key's id: hex SHA-256 over the canonical JSON of the key object (TUF §4.2 "KEYID").</summary>
    public string ComputeKeyId() => Convert.ToHexStringLower(SHA256.HashData(OlpcCanonicalJson.Encode(ToJson())));

    public JsonElement ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("keytype", KeyType);
            w.WriteStartObject("keyval");
            w.WriteString("public", PublicValue);
            w.WriteEndObject();
            w.WriteString("scheme", Scheme);
            w.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(buffer.ToArray());
        return doc.RootElement.Clone();
    }

    /// <summary>Verifies a hex-encoded TUF signature over <paramref name="data"/>; false for any malformed signature.</summary>
    public bool Verify(ReadOnlySpan<byte> data, string signatureHex)
    {
        if (Key is null || signatureHex.Length == 0 || signatureHex.Length % 2 != 0 || signatureHex.Length > 1024)
        {
            return false;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return false;
        }

        return Key.Verify(data, signature);
    }

    private static VerificationKey? TryLoad(string keyType, string scheme, string publicValue, string what)
    {
        switch (keyType, scheme)
        {
            case ("ed25519", "ed25519"):
                if (publicValue.Length != 64)
                {
                    throw new SignetFormatException($"{what}: ed25519 public key is not 64 hex characters");
                }

                byte[] raw;
                try
                {
                    raw = Convert.FromHexString(publicValue);
                }
                catch (FormatException e)
                {
                    throw new SignetFormatException($"{what}: ed25519 public key is not hex", e);
                }

                return VerificationKey.FromEd25519(raw);
            case ("ecdsa" or "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"):
                var key = VerificationKey.FromPem(publicValue);
                return key.DefaultAlgorithm == SigningAlgorithm.PkixEcdsaP256Sha256
                    ? key
                    : throw new SignetFormatException($"{what}: ecdsa-sha2-nistp256 key is not a P-256 key");
            default:
                return null;
        }
    }

    public override string ToString() => $"{KeyType}/{Scheme}";
}
