using NSec.Cryptography;
using Signet.Core.Encoding;

namespace Signet.Core.Notes;

/// <summary>
/// Ed25519 note keys in the C2SP encodings: verifier keys <c>name+hash+base64(0x01 || public key)</c> and signer keys
/// <c>PRIVATE+KEY+name+hash+base64(0x01 || seed)</c> (golang.org/x/mod/sumdb/note NewVerifier, NewSigner, GenerateKey).
/// </summary>
public static class Ed25519NoteKey
{
    /// <summary>Parses a verifier key of type 0x01 (Ed25519) or 0x04 (tlog-cosignature v1); the key ID must match.</summary>
    public static INoteVerifier ParseVerifier(string vkey)
    {
        var (name, hash, key) = SplitKey(vkey, "verifier key");
        if (key.Length == 0)
        {
            throw new SignetFormatException("verifier key: empty key");
        }

        if (NoteKeyId.Compute(name, key[0], key.AsSpan(1)) != hash)
        {
            throw new SignetFormatException("verifier key: key ID does not match the name and key");
        }

        var type = key[0];
        var raw = key.AsSpan(1);
        return type switch
        {
            NoteKeyId.Ed25519 when raw.Length == 32 => new Ed25519NoteVerifier(name, hash, Import(raw)),
            NoteKeyId.CosignatureV1 when raw.Length == 32 => new CosignatureV1Verifier(name, hash, Import(raw)),
            NoteKeyId.Ed25519 or NoteKeyId.CosignatureV1 => throw new SignetFormatException("verifier key: Ed25519 key is not 32 bytes"),
            _ => throw new SignetFormatException($"verifier key: unsupported signature type 0x{type:x2}"),
        };
    }

    /// <summary>Formats the verifier key of an Ed25519 public key (type 0x01).</summary>
    public static string FormatVerifier(string name, ReadOnlySpan<byte> publicKey) => FormatKey(name, NoteKeyId.Ed25519, publicKey, publicKey);

    /// <summary>Parses a signer key <c>PRIVATE+KEY+name+hash+base64(0x01 || 32-byte seed)</c>; the key ID must match the derived public key.</summary>
    public static INoteSigner ParseSigner(string skey)
    {
        ArgumentNullException.ThrowIfNull(skey);
        const string prefix = "PRIVATE+KEY+";
        if (!skey.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new SignetFormatException("signer key: does not start with PRIVATE+KEY+");
        }

        var (name, hash, key) = SplitKey(skey[prefix.Length..], "signer key");
        if (key.Length != 33 || key[0] != NoteKeyId.Ed25519)
        {
            throw new SignetFormatException("signer key: not a 32-byte Ed25519 seed of type 0x01");
        }

        const byte type = NoteKeyId.Ed25519;
        var secret = Key.Import(SignatureAlgorithm.Ed25519, key.AsSpan(1), KeyBlobFormat.RawPrivateKey);
        var pub = secret.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        if (NoteKeyId.Compute(name, type, pub) != hash)
        {
            secret.Dispose();
            throw new SignetFormatException("signer key: key ID does not match the name and derived public key");
        }

        return new Ed25519NoteSigner(name, hash, secret);
    }

    /// <summary>
    /// A tlog-cosignature v1 cosigner from an Ed25519 signer key <c>PRIVATE+KEY+name+hash+base64(0x01 || seed)</c> (the
    /// form <see cref="Generate"/> writes and transparency-dev/witness reads): the same seed signs cosignatures, whose
    /// key ID is that of type 0x04 (C2SP tlog-cosignature §Format).
    /// </summary>
    /// <param name="skey">The signer key string.</param>
    /// <param name="clock">The clock of the cosignatures' timestamps.</param>
    public static CosignatureV1Signer ParseCosigner(string skey, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(skey);
        using var signer = (Ed25519NoteSigner)ParseSigner(skey); // checks the form and the 0x01 key ID
        var (name, _, key) = SplitKey(skey["PRIVATE+KEY+".Length..], "signer key");
        return new CosignatureV1Signer(name, key.AsSpan(1), clock);
    }

    /// <summary>Generates a fresh Ed25519 note key: (signer key, verifier key) strings.</summary>
    public static (string SignerKey, string VerifierKey) Generate(string name)
    {
        if (!NoteKeyId.IsValidName(name))
        {
            throw new ArgumentException("key name must be non-empty without spaces or '+'", nameof(name));
        }

        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var seed = key.Export(KeyBlobFormat.RawPrivateKey);
        var pub = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        return ("PRIVATE+KEY+" + FormatKey(name, NoteKeyId.Ed25519, pub, seed), FormatVerifier(name, pub));
    }

    internal static string FormatKey(string name, byte type, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> material)
    {
        var hash = NoteKeyId.Compute(name, type, publicKey);
        return $"{name}+{hash:x8}+{Convert.ToBase64String([type, .. material])}";
    }

    internal static PublicKey Import(ReadOnlySpan<byte> raw) =>
        PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var pub) && pub is not null
            ? pub
            : throw new SignetFormatException("verifier key: not a valid Ed25519 public key");

    // name '+' 8 hex digits '+' base64; the name cannot hold '+', base64 can.
    internal static (string Name, uint Hash, byte[] Key) SplitKey(string s, string what)
    {
        if (s is null)
        {
            throw new SignetFormatException($"{what}: missing");
        }

        var first = s.IndexOf('+', StringComparison.Ordinal);
        var second = first < 0 ? -1 : s.IndexOf('+', first + 1);
        if (second < 0)
        {
            throw new SignetFormatException($"{what}: not of the form name+hash+key");
        }

        var name = s[..first];
        var hex = s.AsSpan(first + 1, second - first - 1);
        if (!NoteKeyId.IsValidName(name))
        {
            throw new SignetFormatException($"{what}: key name is empty or contains a space");
        }

        if (hex.Length != 8 || !uint.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var hash))
        {
            throw new SignetFormatException($"{what}: key ID is not 8 hex digits");
        }

        var key = Base64Std.Decode(s[(second + 1)..], what);
        return (name, hash, key);
    }
}
