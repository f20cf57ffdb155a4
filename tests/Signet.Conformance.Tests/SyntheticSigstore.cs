using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Ct;
using Signet.Core.Json;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Conformance.Tests;

/// <summary>
/// A miniature Sigstore made of fresh keys: a Fulcio-like CA issuing leaf certificates with an embedded SCT from a
/// CT key, and a Rekor v1-like log (ECDSA) producing SETs, inclusion proofs and signed checkpoints. It builds the
/// entry kinds the public conformance suite lacks (intoto 0.0.1, dsse 0.0.1 with a digest-only artifact, …).
/// </summary>
internal sealed class SyntheticSigstore : IDisposable
{
    /// <summary>How the fixture CA signs the certificates it issues (RFC 5758, RFC 4055 §3.1, RFC 8410).</summary>
    public enum CaAlgorithm
    {
        EcdsaP256,
        RsaPss,
        Ed25519,
    }

    public const string LogUrl = "https://rekor.fixture.test";
    public const string LogName = "rekor.fixture.test";
    public const string San = "https://github.com/example/repo/.github/workflows/release.yml@refs/heads/main";
    public const string Issuer = "https://token.actions.githubusercontent.com";

    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly X509SignatureGenerator _caSigner;
    private readonly IDisposable _caKey;

    public SyntheticSigstore(TimeRange? caValidFor = null, CaAlgorithm caAlgorithm = CaAlgorithm.EcdsaP256)
    {
        PublicKey caPublic;
        switch (caAlgorithm)
        {
            case CaAlgorithm.RsaPss:
                var rsa = RSA.Create(2048);
                _caKey = rsa;
                _caSigner = X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pss);
                caPublic = PublicKey.CreateFromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _);
                break;
            case CaAlgorithm.Ed25519:
                var ed = new Ed25519SignatureGenerator();
                _caKey = ed;
                _caSigner = ed;
                caPublic = ed.PublicKey;
                break;
            default:
                var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                _caKey = ec;
                _caSigner = X509SignatureGenerator.CreateForECDsa(ec);
                caPublic = PublicKey.CreateFromSubjectPublicKeyInfo(ec.ExportSubjectPublicKeyInfo(), out _);
                break;
        }

        var name = new X500DistinguishedName("CN=fixture-ca, O=signet-tests");
        var req = new CertificateRequest(name, caPublic, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Ca = req.Create(name, _caSigner, T0.AddDays(-1), T0.AddYears(1), [1]);
        Root = new TrustedRoot(
            MediaTypes.TrustedRootV02,
            [new TransparencyLogInstance(LogUrl, "SHA2_256", new PublicKeyDetails(LogKey.PublicKey.SpkiDer, "PKIX_ECDSA_P256_SHA_256", new TimeRange(T0.AddDays(-1), null)), LogId, null, null)],
            [new CertificateAuthority(new DistinguishedName("signet-tests", "fixture-ca"), "https://fulcio.fixture.test", [Ca.RawData], caValidFor ?? new TimeRange(T0.AddDays(-1), null), null)],
            [new TransparencyLogInstance("https://ct.fixture.test", "SHA2_256", new PublicKeyDetails(CtKey.PublicKey.SpkiDer, "PKIX_ECDSA_P256_SHA_256", new TimeRange(T0.AddDays(-1), null)), SHA256.HashData(CtKey.PublicKey.SpkiDer), null, null)],
            []);
    }

    public X509Certificate2 Ca { get; }

    public SigningKey LogKey { get; } = SigningKey.GenerateEcdsaP256();

    public SigningKey CtKey { get; } = SigningKey.GenerateEcdsaP256();

    public byte[] LogId => SHA256.HashData(LogKey.PublicKey.SpkiDer);

    public TrustedRoot Root { get; }

    /// <summary>A Fulcio-style leaf: empty subject, critical URI SAN, codeSigning, issuer extension .8, one embedded SCT.</summary>
    public (X509Certificate2 Cert, ECDsa Key) IssueLeaf(bool sctSignedCorrectly = true, ECCurve? curve = null)
    {
        var key = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        CertificateRequest Request()
        {
            var r = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256);
            r.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            r.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(X509Oids.CodeSigningEku)], false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(new Uri(San));
            r.CertificateExtensions.Add(san.Build(critical: true));
            var issuer = new AsnWriter(AsnEncodingRules.DER);
            issuer.WriteCharacterString(UniversalTagNumber.UTF8String, Issuer);
            r.CertificateExtensions.Add(new X509Extension(FulcioOids.Issuer, issuer.Encode(), false));
            return r;
        }

        // RFC 6962 §3.2: the CT log signs the TBS without the SCT list; the final certificate adds it last.
        using var pre = Request().Create(Ca.SubjectName, _caSigner, T0, T0.AddMinutes(10), serial);
        var tbs = X509Parts.Parse(pre.RawData).TbsCertificate.ToArray();
        var unsigned = new SignedCertificateTimestamp(SHA256.HashData(CtKey.PublicKey.SpkiDer), (ulong)T0.ToUnixTimeMilliseconds(), [], 4, 3, []);
        var data = unsigned.PrecertSignedData(SHA256.HashData(Ca.PublicKey.ExportSubjectPublicKeyInfo()), tbs);
        var sig = CtKey.Sign(data);
        if (!sctSignedCorrectly)
        {
            sig = CtKey.Sign([.. data, 0]);
        }

        var final = Request();
        final.CertificateExtensions.Add(new X509Extension(X509Oids.SctList, SctListExtension(unsigned with { Signature = sig }), false));
        return (final.Create(Ca.SubjectName, _caSigner, T0, T0.AddMinutes(10), serial), key);
    }

    private static byte[] SctListExtension(SignedCertificateTimestamp sct)
    {
        var one = new List<byte> { 0 };
        one.AddRange(sct.LogId);
        var ts = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(ts, sct.Timestamp);
        one.AddRange(ts);
        one.AddRange([0, 0, sct.HashAlgorithm, sct.SignatureAlgorithm, (byte)(sct.Signature.Length >> 8), (byte)sct.Signature.Length]);
        one.AddRange(sct.Signature);
        var list = new List<byte> { (byte)((one.Count + 2) >> 8), (byte)(one.Count + 2), (byte)(one.Count >> 8), (byte)one.Count };
        list.AddRange(one);
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteOctetString(list.ToArray());
        return w.Encode();
    }

    /// <summary>
    /// A Rekor v1 entry for <paramref name="body"/>: SET over the canonical JSON, a two-leaf proof and a checkpoint
    /// signed under <paramref name="checkpointName"/> (default the log's URL host) by <paramref name="checkpointKey"/>
    /// (default the log key), without a SET when <paramref name="withSet"/> is false.
    /// </summary>
    public TransparencyLogEntry LogEntry(string kind, string version, byte[] body, DateTimeOffset integratedTime, long logIndex = 7,
        string? checkpointName = null, SigningKey? checkpointKey = null, bool withSet = true)
    {
        var it = integratedTime.ToUnixTimeSeconds();
        var setPayload = Encoding.UTF8.GetBytes($$"""{"logIndex":{{logIndex}},"logID":"{{Convert.ToHexStringLower(LogId)}}","integratedTime":{{it}},"body":"{{Convert.ToBase64String(body)}}"}""");
        var set = LogKey.Sign(Rfc8785.Canonicalize(setPayload));
        var other = Rfc6962.HashLeaf("some other entry"u8);
        var leaf = Rfc6962.HashLeaf(body);
        var root = Rfc6962.HashChildren(other, leaf);
        var name = checkpointName ?? LogName;
        var text = $"{name} - 42\n2\n{Convert.ToBase64String(root)}\n";
        var checkpoint = Encoding.UTF8.GetString(NoteOpener.Sign(text, RekorNoteSigner.Create(name, checkpointKey ?? LogKey)));
        return new TransparencyLogEntry(logIndex, LogId, new KindVersion(kind, version), it, withSet ? set : null, new TlogInclusionProof(1, root, 2, [other], checkpoint), body);
    }

    public static string Pem(X509Certificate2 cert) => Signet.Core.Encoding.Pem.Encode("CERTIFICATE", cert.RawData);

    public void Dispose()
    {
        _caKey.Dispose();
        Ca.Dispose();
        LogKey.Dispose();
        CtKey.Dispose();
    }
}
