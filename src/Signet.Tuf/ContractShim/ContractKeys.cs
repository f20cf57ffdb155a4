// TEMPORARY: the agreed Signet.Core.Keys contract (CONTRACT.md), written here only until helper "core" lands
// Signet.Core/Keys on main. Removed at that merge; never landed.
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Signet.Core.Keys;

public enum SigningAlgorithm
{
    PkixEcdsaP256Sha256,
    PkixEd25519,
}

public sealed class VerificationKey
{
    private static readonly byte[] Ed25519SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");

    private VerificationKey(byte[] spki, SigningAlgorithm alg)
    {
        SpkiDer = spki;
        DefaultAlgorithm = alg;
    }

    public byte[] SpkiDer { get; }

    public SigningAlgorithm DefaultAlgorithm { get; }

    public static VerificationKey FromSpki(ReadOnlySpan<byte> der)
    {
        if (der.Length == 44 && der[..12].SequenceEqual(Ed25519SpkiPrefix))
        {
            return new VerificationKey(der.ToArray(), SigningAlgorithm.PkixEd25519);
        }

        try
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(der, out _);
            return new VerificationKey(der.ToArray(), SigningAlgorithm.PkixEcdsaP256Sha256);
        }
        catch (CryptographicException e)
        {
            throw new SignetFormatException("public key: not an Ed25519 or ECDSA SubjectPublicKeyInfo", e);
        }
    }

    public static VerificationKey FromPem(string pem)
    {
        try
        {
            var f = PemEncoding.Find(pem);
            if (pem[f.Label] != "PUBLIC KEY")
            {
                throw new SignetFormatException("public key: PEM label is not PUBLIC KEY");
            }

            return FromSpki(Convert.FromBase64String(pem[f.Base64Data].ToString()));
        }
        catch (ArgumentException e)
        {
            throw new SignetFormatException("public key: not PEM", e);
        }
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, SigningAlgorithm? algorithm = null)
    {
        if (DefaultAlgorithm == SigningAlgorithm.PkixEd25519)
        {
            var pk = PublicKey.Import(SignatureAlgorithm.Ed25519, SpkiDer.AsSpan(12), KeyBlobFormat.RawPublicKey);
            return SignatureAlgorithm.Ed25519.Verify(pk, data, signature);
        }

        using var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(SpkiDer, out _);
        try
        {
            return ec.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

public sealed class SigningKey : IDisposable
{
    private readonly ECDsa? _ec;
    private readonly Key? _ed;

    private SigningKey(ECDsa? ec, Key? ed)
    {
        _ec = ec;
        _ed = ed;
        Algorithm = ec is null ? SigningAlgorithm.PkixEd25519 : SigningAlgorithm.PkixEcdsaP256Sha256;
        PublicKey = VerificationKey.FromSpki(ec is null
            ? [.. Convert.FromHexString("302a300506032b6570032100"), .. ed!.PublicKey.Export(KeyBlobFormat.RawPublicKey)]
            : ec.ExportSubjectPublicKeyInfo());
    }

    public VerificationKey PublicKey { get; }

    public SigningAlgorithm Algorithm { get; }

    public static SigningKey GenerateEcdsaP256() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), null);

    public static SigningKey GenerateEd25519() => new(null, Key.Create(SignatureAlgorithm.Ed25519,
        new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    public static SigningKey FromPkcs8(ReadOnlySpan<byte> der)
    {
        try
        {
            var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(der, out _);
            return new SigningKey(ec, null);
        }
        catch (CryptographicException)
        {
            var ed = Key.Import(SignatureAlgorithm.Ed25519, der, KeyBlobFormat.PkixPrivateKey,
                new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
            return new SigningKey(null, ed);
        }
    }

    public static SigningKey FromPem(string pem)
    {
        var f = PemEncoding.Find(pem);
        return FromPkcs8(Convert.FromBase64String(pem[f.Base64Data].ToString()));
    }

    public byte[] ExportPkcs8() => _ec is not null ? _ec.ExportPkcs8PrivateKey() : _ed!.Export(KeyBlobFormat.PkixPrivateKey);

    public byte[] Sign(ReadOnlySpan<byte> data) => _ec is not null
        ? _ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
        : SignatureAlgorithm.Ed25519.Sign(_ed!, data);

    public void Dispose()
    {
        _ec?.Dispose();
        _ed?.Dispose();
    }
}
