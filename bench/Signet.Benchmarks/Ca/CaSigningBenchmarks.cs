using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Signet.Ca.Ct;
using Signet.Log.Ct;
using Signet.Ca.Identity;
using Signet.Ca.Issuance;
using Signet.Core.Certificates;
using Signet.Core.Ct;

namespace Signet.Benchmarks.Ca;

/// <summary>
/// The CA's own work per certificate, without the token check and without the CT round-trip: build the template,
/// sign the precertificate and the final certificate, and (separately) the CT log's SCT signature. Baseline: one
/// ECDSA P-384 signature, the unit the issuing key pays twice per certificate.
/// </summary>
[MemoryDiagnoser]
[InProcess] // the generated out-of-process project takes longer than BenchmarkDotNet's build timeout on 2 cores
[WarmupCount(3)]
[IterationCount(8)]
public class CaSigningBenchmarks
{
    private IssuingKey _p384 = null!;
    private IssuingKey _p256 = null!;
    private ECDsa _p384Key = null!;
    private CtLogKey _ctKey = null!;
    private byte[] _spki = null!;
    private byte[] _tbs = null!;
    private Principal _identity = null!;

    [GlobalSetup]
    public void Setup()
    {
        _p384 = NewIssuer(ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, out _p384Key);
        _p256 = NewIssuer(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, out _);
        _ctKey = new CtLogKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _spki = leafKey.ExportSubjectPublicKeyInfo();
        _identity = new Principal(SanKind.Email, "alice@example.com", "https://issuer.example.com",
            [new IdentityExtension("1.3.6.1.4.1.57264.1.1", "https://issuer.example.com", false), new IdentityExtension("1.3.6.1.4.1.57264.1.8", "https://issuer.example.com", true)],
            "alice@example.com");
        _tbs = Template(_p384).WriteTbs(LeafCertificateTemplate.Poison);
    }

    [Benchmark(Baseline = true, Description = "one ECDSA P-384 signature (baseline)")]
    public byte[] OneP384Signature() => _p384Key.SignData(_tbs, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark(Description = "leaf, P-384 intermediate (precert + final)")]
    public byte[] LeafP384() => Leaf(_p384);

    [Benchmark(Description = "leaf, P-256 intermediate (precert + final)")]
    public byte[] LeafP256() => Leaf(_p256);

    [Benchmark(Description = "SCT signature (CT log, P-256)")]
    public byte[] SctSignature() => _ctKey.Sign(CtLogEntry.PrecertEntryLeaf(1, _tbs.AsSpan(0, 32), _tbs.AsSpan(32), []));

    private byte[] Leaf(IssuingKey issuer)
    {
        var template = Template(issuer);
        _ = issuer.SignCertificate(template.WriteTbs(LeafCertificateTemplate.Poison));
        var sct = new SignedCertificateTimestamp(new byte[32], 1, [], 4, 3, new byte[72]);
        return issuer.SignCertificate(template.WriteTbs(new SigningCertificateExtension("1.3.6.1.4.1.11129.2.4.2", false, SignedCertificateTimestamp.ListExtension([sct]))));
    }

    private LeafCertificateTemplate Template(IssuingKey issuer)
    {
        var now = DateTimeOffset.UtcNow;
        return new LeafCertificateTemplate(issuer, LeafCertificateTemplate.NewSerial(), now, now.AddMinutes(10), _spki, _identity);
    }

    private static IssuingKey NewIssuer(ECCurve curve, HashAlgorithmName hash, out ECDsa key)
    {
        key = ECDsa.Create(curve);
        var request = new CertificateRequest("O=Bench, CN=bench", key, hash);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var copy = ECDsa.Create();
        copy.ImportParameters(key.ExportParameters(true));
        return new IssuingKey(cert, copy);
    }
}
