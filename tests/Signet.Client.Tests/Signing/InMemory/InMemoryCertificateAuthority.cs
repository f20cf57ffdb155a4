using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Client.Identity;
using Signet.Client.Services;
using Signet.Client.Signing;
using Signet.Core.Bundle;
using Signet.Core.Certificates;
using Signet.Core.Ct;
using Signet.Core.Keys;
using CertificateAuthority = Signet.Core.Bundle.CertificateAuthority;

namespace Signet.Client.Tests.Signing.InMemory;

/// <summary>
/// A Fulcio-shaped CA in memory behind <see cref="ICertificateProvider"/>: checks the proof of possession over the
/// token's challenge, issues a ten-minute code-signing certificate (empty subject, e-mail SAN, issuer extension
/// 1.3.6.1.4.1.57264.1.8) from a self-signed root, with an SCT of its own CT log embedded as RFC 6962 §3.3 says.
/// The certificates are made with <see cref="CertificateRequest"/>; nothing here is a canned answer.
/// </summary>
public sealed class InMemoryCertificateAuthority : ICertificateProvider, IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _ctKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TimeProvider _time;
    private readonly X509Certificate2 _root;
    private readonly byte[] _ctLogId;

    public InMemoryCertificateAuthority(TimeProvider time)
    {
        _time = time;
        var now = time.GetUtcNow();
        var request = new CertificateRequest("CN=in-memory CA, O=Signet tests", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _root = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        _ctLogId = SHA256.HashData(_ctKey.ExportSubjectPublicKeyInfo());
        ValidFrom = now.AddHours(-1);
    }

    /// <summary>Where the trusted root's CA and CT log validity windows start.</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>How many certificates were issued.</summary>
    public int Issued { get; private set; }

    /// <summary>The CA as a trusted root lists it.</summary>
    public CertificateAuthority TrustedRootEntry => new(
        new DistinguishedName("Signet tests", "in-memory CA"), "https://ca.in-memory.test", [_root.RawData], new TimeRange(ValidFrom, null), null);

    /// <summary>The CA's CT log as a trusted root lists it.</summary>
    public TransparencyLogInstance CtLogEntry => new(
        "https://ct.in-memory.test", "SHA2_256",
        new PublicKeyDetails(_ctKey.ExportSubjectPublicKeyInfo(), "PKIX_ECDSA_P256_SHA_256", new TimeRange(ValidFrom, null)),
        _ctLogId, null, null);

    public Task<IReadOnlyList<byte[]>> CreateSigningCertificateAsync(
        IdentityToken token, VerificationKey publicKey, byte[] proofOfPossession, CancellationToken cancellationToken)
    {
        // Fulcio: the proof is the key's signature over the token's challenge claim.
        if (!publicKey.Verify(Encoding.UTF8.GetBytes(token.Challenge), proofOfPossession))
        {
            throw new SigstoreServiceException("the certificate authority refused the request: the proof of possession does not verify");
        }

        var now = _time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var request = LeafRequest(token, publicKey);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var signer = X509SignatureGenerator.CreateForECDsa(_caKey);

        // RFC 6962 §3.2: the log signs the TBS without the SCT list; the final certificate adds the list as its last extension.
        using var withoutScts = request.Create(_root.SubjectName, signer, now, now.AddMinutes(10), serial);
        var sct = SignTimestamp(TbsOf(withoutScts.RawData), now);
        request.CertificateExtensions.Add(new X509Extension(FulcioOids.SctList, SctListExtension(sct), false));
        using var leaf = request.Create(_root.SubjectName, signer, now, now.AddMinutes(10), serial);
        Issued++;
        return Task.FromResult<IReadOnlyList<byte[]>>([leaf.RawData, _root.RawData]);
    }

    private CertificateRequest LeafRequest(IdentityToken token, VerificationKey publicKey)
    {
        var request = new CertificateRequest(
            new X500DistinguishedName(""), PublicKey.CreateFromSubjectPublicKeyInfo(publicKey.SpkiDer, out _), HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(FulcioOids.CodeSigningEku)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, true, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(token.Email ?? token.Subject);
        request.CertificateExtensions.Add(san.Build(critical: true));

        // Fulcio oid-info.md: 1.3.6.1.4.1.57264.1.8, the issuer as a DER UTF8String.
        var issuer = new AsnWriter(AsnEncodingRules.DER);
        issuer.WriteCharacterString(UniversalTagNumber.UTF8String, token.Issuer);
        request.CertificateExtensions.Add(new X509Extension(FulcioOids.Issuer, issuer.Encode(), false));
        return request;
    }

    /// <summary>An RFC 6962 §3.2 v1 SCT over a precertificate entry, signed by the CT log's key.</summary>
    private byte[] SignTimestamp(byte[] precertTbs, DateTimeOffset now)
    {
        var timestamp = (ulong)now.ToUnixTimeMilliseconds();
        var unsigned = new SignedCertificateTimestamp(_ctLogId, timestamp, [], 4, 3, []);
        var issuerKeyHash = SHA256.HashData(_root.PublicKey.ExportSubjectPublicKeyInfo());
        var signature = _ctKey.SignData(unsigned.PrecertSignedData(issuerKeyHash, precertTbs), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        // §3.2 SignedCertificateTimestamp: version, log id, timestamp, extensions<0..2^16-1>, digitally-signed.
        var sct = new byte[1 + 32 + 8 + 2 + 2 + 2 + signature.Length];
        sct[0] = 0;
        _ctLogId.CopyTo(sct, 1);
        BinaryPrimitives.WriteUInt64BigEndian(sct.AsSpan(33), timestamp);
        BinaryPrimitives.WriteUInt16BigEndian(sct.AsSpan(41), 0); // no extensions
        sct[43] = 4; // hash: sha256
        sct[44] = 3; // signature: ecdsa
        BinaryPrimitives.WriteUInt16BigEndian(sct.AsSpan(45), (ushort)signature.Length);
        signature.CopyTo(sct, 47);
        return sct;
    }

    /// <summary>§3.3: an OCTET STRING holding SignedCertificateTimestampList (uint16 total, then uint16-prefixed SCTs).</summary>
    private static byte[] SctListExtension(byte[] sct)
    {
        var list = new byte[2 + 2 + sct.Length];
        BinaryPrimitives.WriteUInt16BigEndian(list, (ushort)(2 + sct.Length));
        BinaryPrimitives.WriteUInt16BigEndian(list.AsSpan(2), (ushort)sct.Length);
        sct.CopyTo(list, 4);
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteOctetString(list);
        return w.Encode();
    }

    private static byte[] TbsOf(byte[] certificate)
    {
        var reader = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence();
        return reader.ReadEncodedValue().ToArray();
    }

    public void Dispose()
    {
        _root.Dispose();
        _caKey.Dispose();
        _ctKey.Dispose();
    }
}
