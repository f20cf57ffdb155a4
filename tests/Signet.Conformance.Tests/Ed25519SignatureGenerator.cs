using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NSec.Cryptography;

namespace Signet.Conformance.Tests;

/// <summary>
/// Signs certificates with Ed25519 (RFC 8410 §3: algorithm id-Ed25519 with absent parameters, the signature over the
/// TBS itself), which <see cref="CertificateRequest"/> cannot do on its own.
/// </summary>
internal sealed class Ed25519SignatureGenerator : X509SignatureGenerator, IDisposable
{
    private const string Ed25519Oid = "1.3.101.112";
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519);

    public new System.Security.Cryptography.X509Certificates.PublicKey PublicKey =>
        System.Security.Cryptography.X509Certificates.PublicKey.CreateFromSubjectPublicKeyInfo(_key.PublicKey.Export(KeyBlobFormat.PkixPublicKey), out _);

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(Ed25519Oid);
        }

        return w.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    protected override System.Security.Cryptography.X509Certificates.PublicKey BuildPublicKey() => PublicKey;

    public void Dispose() => _key.Dispose();
}
