using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using NSec.Cryptography;
using Signet.Core.Asn1;
using Signet.Core.Encoding;

namespace Signet.Core.Keys;

/// <summary>
/// A private key that signs: ECDSA P-256/P-384/P-521 (DER signatures), Ed25519, RSA 2048–4096 (PKCS#1 v1.5 by default).
/// Created fresh or read from PKCS#8 (RFC 5958), plain or password-encrypted (PBES2).
/// </summary>
public sealed class SigningKey : IDisposable
{
    /// <summary>The largest PKCS#8 accepted (an RSA-4096 key is about 2.4 KB).</summary>
    public const int MaxPkcs8Bytes = 8192;

    private SigningKey()
    {
    }

    /// <summary>The public half, which verifies what this key signs.</summary>
    public VerificationKey PublicKey { get; private init; } = null!;

    /// <summary>The algorithm <see cref="Sign"/> uses: the key type's default (see <see cref="VerificationKey.DefaultAlgorithm"/>).</summary>
    public SigningAlgorithm Algorithm => PublicKey.DefaultAlgorithm;

    // Exactly one of the four holds the private key.
    private ECDsa? EcdsaKey { get; init; }

    private RSA? RsaKey { get; init; }

    private Key? Ed25519Key { get; init; }

    private Func<byte[], byte[]>? Ed25519Signer { get; init; }

    private IDisposable? Owner { get; init; }

    /// <summary>Generates a fresh ECDSA P-256 key (Sigstore's default for ephemeral keyless signing).</summary>
    public static SigningKey GenerateEcdsaP256()
    {
        return FromEcdsa(ECDsa.Create(ECCurve.NamedCurves.nistP256));
    }

    /// <summary>Generates a fresh Ed25519 key.</summary>
    public static SigningKey GenerateEd25519()
    {
        return FromEd25519(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
    }

    /// <summary>
    /// Signs with an Ed25519 key held elsewhere — in a hardware module (<c>Signet.Pkcs11</c>, CKM_EDDSA) — through
    /// <paramref name="sign"/>, which returns the RFC 8032 signature of a whole message. Each signature is checked
    /// with <paramref name="publicKey"/> before it is returned. <paramref name="owner"/> is disposed with the result;
    /// such a key cannot be exported (<see cref="ExportPkcs8"/> throws <see cref="CryptographicException"/>).
    /// </summary>
    /// <param name="publicKey">The key's Ed25519 public key.</param>
    /// <param name="sign">Signs a message with the private key.</param>
    /// <param name="owner">Released with the result (the module's session), or null.</param>
    public static SigningKey FromEd25519Signer(VerificationKey publicKey, Func<byte[], byte[]> sign, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(sign);
        return publicKey.DefaultAlgorithm == SigningAlgorithm.PkixEd25519
            ? new SigningKey { PublicKey = publicKey, Ed25519Signer = sign, Owner = owner }
            : throw new ArgumentException($"not an Ed25519 public key ({publicKey.DefaultAlgorithm})", nameof(publicKey));
    }

    /// <summary>
    /// Signs with an ECDSA key given as an object — one held in a hardware module (<c>Signet.Pkcs11</c>) whose
    /// <see cref="ECDsa.SignHash(byte[])"/> runs inside the module. Owned by the result (disposed with it); such a key
    /// cannot be exported (<see cref="ExportPkcs8"/> throws <see cref="CryptographicException"/>).
    /// </summary>
    /// <param name="key">An ECDSA key on P-256, P-384 or P-521.</param>
    public static SigningKey FromEcdsa(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SigningKey { EcdsaKey = key, PublicKey = VerificationKey.FromSpki(key.ExportSubjectPublicKeyInfo()) };
    }

    /// <summary>Reads an unencrypted PKCS#8 PrivateKeyInfo (RFC 5958 §2).</summary>
    public static SigningKey FromPkcs8(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty || der.Length > MaxPkcs8Bytes)
        {
            throw new SignetFormatException($"private key: PKCS#8 must be 1 to {MaxPkcs8Bytes} bytes, got {der.Length}");
        }

        var bytes = der.ToArray();
        string oid;
        try
        {
            var info = Pkcs8PrivateKeyInfo.Decode(bytes, out var read, skipCopy: true);
            if (read != bytes.Length)
            {
                throw new SignetFormatException("private key: trailing bytes after PKCS#8 PrivateKeyInfo");
            }

            oid = info.AlgorithmId.Value ?? string.Empty;
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            throw new SignetFormatException($"private key: malformed PKCS#8 DER ({e.Message})", e);
        }

        try
        {
            switch (oid)
            {
                case AlgorithmOids.Ed25519:
                    if (!Key.TryImport(SignatureAlgorithm.Ed25519, bytes, KeyBlobFormat.PkixPrivateKey, out var key, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }) || key is null)
                    {
                        throw new SignetFormatException("private key: not a valid Ed25519 PKCS#8 key (RFC 8410 §7)");
                    }

                    return FromEd25519(key);
                case AlgorithmOids.EcPublicKey:
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportPkcs8PrivateKey(bytes, out _);
                    return FromEcdsa(ecdsa);
                case AlgorithmOids.RsaEncryption:
                    var rsa = RSA.Create();
                    rsa.ImportPkcs8PrivateKey(bytes, out _);
                    return new SigningKey { RsaKey = rsa, PublicKey = VerificationKey.FromSpki(rsa.ExportSubjectPublicKeyInfo()) };
                default:
                    throw new SignetFormatException($"private key: unsupported algorithm {oid}");
            }
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            throw new SignetFormatException($"private key: the key does not import ({e.Message})", e);
        }
    }

    /// <summary>Reads a <c>PRIVATE KEY</c> PEM block; an <c>ENCRYPTED PRIVATE KEY</c> block needs <see cref="ImportEncryptedPkcs8Pem"/>.</summary>
    public static SigningKey FromPem(string pem)
    {
        foreach (var block in Pem.DecodeAll(pem))
        {
            if (block.Label == PemLabels.EncryptedPrivateKey)
            {
                throw new SignetFormatException("private key: the key is encrypted; a password is needed");
            }
        }

        return FromPkcs8(Pem.Decode(pem, PemLabels.PrivateKey));
    }

    /// <summary><see cref="FromPem(string)"/> with <paramref name="what"/> (a file name) leading any error's message.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="what">What the text is, for the message.</param>
    /// <exception cref="SignetFormatException">The text holds no unencrypted private key Signet signs with.</exception>
    public static SigningKey FromPem(string pem, string what)
    {
        try
        {
            return FromPem(pem);
        }
        catch (SignetFormatException e)
        {
            throw new SignetFormatException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>Reads an <c>ENCRYPTED PRIVATE KEY</c> PEM block; a wrong password raises <see cref="KeyPasswordException"/>.</summary>
    public static SigningKey ImportEncryptedPkcs8Pem(string pem, ReadOnlySpan<char> password) =>
        FromPkcs8(EncryptedPkcs8.Decrypt(pem, password));

    /// <summary>Writes the key as PBES2 (PBKDF2-HMAC-SHA256, 600,000 iterations, AES-256-CBC) encrypted PKCS#8 PEM.</summary>
    public string ExportEncryptedPkcs8Pem(ReadOnlySpan<char> password)
    {
        if (password.IsEmpty)
        {
            throw new ArgumentException("an empty password does not protect a key", nameof(password));
        }

        var plain = ExportPkcs8();
        try
        {
            return EncryptedPkcs8.Encrypt(plain, password);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Exports the unencrypted PKCS#8 PrivateKeyInfo DER.</summary>
    public byte[] ExportPkcs8() =>
        Ed25519Signer is not null ? throw new CryptographicException("the Ed25519 private key stays in its module and cannot be exported")
        : Ed25519Key is not null ? Ed25519Key.Export(KeyBlobFormat.PkixPrivateKey)
        : EcdsaKey is not null ? EcdsaKey.ExportPkcs8PrivateKey()
        : RsaKey!.ExportPkcs8PrivateKey();

    /// <summary>Signs <paramref name="data"/> with <see cref="Algorithm"/> (ECDSA signatures in DER, as Sigstore uses).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (Ed25519Signer is not null)
        {
            // Fail closed: a module's answer is used only if it is a valid signature of this key.
            var signature = Ed25519Signer(data.ToArray());
            return PublicKey.Verify(data, signature) ? signature : throw new CryptographicException("the module's Ed25519 signature does not verify with its public key");
        }

        var hash = SigningAlgorithms.HashOf(Algorithm);
        return Ed25519Key is not null ? SignatureAlgorithm.Ed25519.Sign(Ed25519Key, data)
            : EcdsaKey is not null ? EcdsaKey.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence)
            : RsaKey!.SignData(data, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// The algorithm this key signs a digest with (<see cref="SignDigest"/>): <see cref="Algorithm"/>, except that an
    /// Ed25519 key signs digests as Ed25519ph (<see cref="SigningAlgorithm.PkixEd25519Ph"/>, over SHA-512), as Sigstore's
    /// logs verify Ed25519 keys in a hashedrekord entry.
    /// </summary>
    public SigningAlgorithm DigestAlgorithm => Algorithm == SigningAlgorithm.PkixEd25519 ? SigningAlgorithm.PkixEd25519Ph : Algorithm;

    /// <summary>The hash whose digest <see cref="SignDigest"/> signs (the algorithm registry's hash of <see cref="DigestAlgorithm"/>):
    /// SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521 and Ed25519.</summary>
    public HashAlgorithmName DigestHash => SigningAlgorithms.HashOf(DigestAlgorithm);

    /// <summary>
    /// Signs a pre-computed <see cref="DigestHash"/> digest with <see cref="DigestAlgorithm"/>: ECDSA and RSA sign the
    /// digest as they would the message; an Ed25519 key signs it as Ed25519ph (RFC 8032 §5.1), which a key held in a
    /// hardware module cannot (it signs messages only).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not a <see cref="DigestHash"/> digest.</exception>
    /// <exception cref="NotSupportedException">An Ed25519 key in a module.</exception>
    public byte[] SignDigest(ReadOnlySpan<byte> digest)
    {
        var hash = DigestHash;
        if (digest.Length != DigestAlgorithms.LengthOf(hash))
        {
            throw new ArgumentException($"digest must be {DigestAlgorithms.LengthOf(hash)} bytes for {hash.Name}", nameof(digest));
        }

        if (Ed25519Signer is not null)
        {
            throw new NotSupportedException("an Ed25519 key in a hardware module signs messages only, not an Ed25519ph digest (CKM_EDDSA without prehash)");
        }

        if (Ed25519Key is not null)
        {
            var seed = Ed25519Key.Export(KeyBlobFormat.RawPrivateKey);
            try
            {
                return Ed25519Prehash.Sign(seed, digest);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(seed);
            }
        }

        return EcdsaKey is not null
            ? EcdsaKey.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence)
            : RsaKey!.SignHash(digest, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>An Ed25519 key from its 32-byte seed (RFC 8032 §5.1.5), as signed-note signer keys carry it.</summary>
    internal static SigningKey FromEd25519Seed(ReadOnlySpan<byte> seed) =>
        seed.Length == 32
            ? FromEd25519(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }))
            : throw new ArgumentException("an Ed25519 seed is 32 bytes", nameof(seed));

    private static SigningKey FromEd25519(Key key) =>
        new() { Ed25519Key = key, PublicKey = VerificationKey.FromSpki(key.PublicKey.Export(KeyBlobFormat.PkixPublicKey)) };

    /// <summary>Releases the private key.</summary>
    public void Dispose()
    {
        EcdsaKey?.Dispose();
        RsaKey?.Dispose();
        Ed25519Key?.Dispose();
        Owner?.Dispose();
    }
}
