using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Ct;
using Signet.Core.Keys;
using Signet.Core.Timestamps;
using Signet.Core.Verification;

namespace Signet.Benchmarks.Verification;

/// <summary>
/// Exactly the public-key operations a verifier cannot avoid for one bundle, with every key imported beforehand:
/// the artifact signature; for a certificate, its signature by the Fulcio CA and the SCT; for a Rekor v1 entry, the
/// SET; the checkpoint signature; for each RFC 3161 timestamp, the TSA's CMS signature over the signed attributes
/// (and the link to the trusted TSA certificate when the token's signer is issued by it).
/// </summary>
internal sealed class RawSignatureChecks
{
    private readonly List<Func<bool>> _checks = [];
    private byte[] _leafDer = [];
    private byte[] _digest = [];
    private byte[] _signature = [];
    private int _artifactCheck = -1;

    /// <summary>
    /// The raw checks with the artifact signature checked by the leaf's key as a verifier of a never-seen certificate
    /// has it: the leaf decoded (<see cref="SigningCertificate.Decode"/>), its key imported from the SPKI, used once
    /// and freed. The least any verifier of a fresh bundle does.
    /// </summary>
    public bool RunWithLeafDecode()
    {
        var key = SigningCertificate.Decode(_leafDer, "leaf").ImportKey();
        try
        {
            var ok = key.VerifyDigest(_digest, HashAlgorithmName.SHA256, _signature);
            for (var i = 0; i < _checks.Count; i++)
            {
                ok &= i == _artifactCheck || _checks[i]();
            }

            return ok;
        }
        finally
        {
            key.ReleaseNativeKeys();
        }
    }

    public bool Run()
    {
        var ok = true;
        foreach (var c in _checks)
        {
            ok &= c();
        }

        return ok;
    }

    /// <summary>The checks for <paramref name="b"/>; <paramref name="key"/> is the verification key of a key-signed bundle.</summary>
    public static RawSignatureChecks For(Bundle b, TrustedMaterial trust, byte[] artifact, VerificationKey? key = null)
    {
        var r = new RawSignatureChecks();
        var sig = b.MessageSignature!.Signature;
        var digest = SHA256.HashData(artifact);
        if (b.VerificationMaterial.LeafCertificate is { } leafDer)
        {
            r._leafDer = leafDer;
            var leaf = X509CertificateLoader.LoadCertificate(leafDer);
            var parts = X509Parts.Parse(leafDer);
            key = VerificationKey.FromCertificate(leaf);
            var ca = trust.CertificateAuthorities.First(c => parts.IsSignedBy(c.IssuingKey));
            r._checks.Add(() => parts.IsSignedBy(ca.IssuingKey));

            var sct = SignedCertificateTimestamp.ReadList(leaf.Extensions[X509Oids.SctList]!.RawData)[0];
            var ct = trust.CtLogs.First(l => l.LogId.AsSpan().SequenceEqual(sct.LogId));
            var sctData = sct.PrecertSignedData(ca.IssuerKeyHash, Precertificate.TbsWithoutSctList(parts.TbsCertificate));
            r._checks.Add(() => ct.Key.Verify(sctData, sct.Signature));
        }

        var artifactKey = key ?? throw new ArgumentException("a key-signed bundle needs its key", nameof(key));
        (r._digest, r._signature, r._artifactCheck) = (digest, sig, r._checks.Count);
        r._checks.Add(() => artifactKey.VerifyDigest(digest, HashAlgorithmName.SHA256, sig));

        var e = b.VerificationMaterial.TlogEntries[0];
        var log = trust.TransparencyLogs.First(l => l.LogId.AsSpan().SequenceEqual(e.LogId));
        if (e.SignedEntryTimestamp is { Length: > 0 } setSignature)
        {
            var set = Encoding.UTF8.GetBytes($$"""{"body":"{{Convert.ToBase64String(e.CanonicalizedBody!)}}","integratedTime":{{e.IntegratedTime}},"logID":"{{Convert.ToHexString(e.LogId).ToLowerInvariant()}}","logIndex":{{e.LogIndex}}}""");
            r._checks.Add(() => log.Key.Verify(set, setSignature));
        }

        if (e.InclusionProof?.Checkpoint is { } cp)
        {
            // The checkpoint's signature lines (C2SP signed-note): the one the log's key verifies.
            var split = cp.IndexOf("\n\n", StringComparison.Ordinal);
            var text = Encoding.UTF8.GetBytes(cp[..(split + 1)]);
            var lines = cp[(split + 2)..].TrimEnd('\n').Split('\n');
            var sigBytes = lines.Select(l => Convert.FromBase64String(l[(l.LastIndexOf(' ') + 1)..])[4..]).First(s => log.Key.Verify(text, s));
            r._checks.Add(() => log.Key.Verify(text, sigBytes));
        }

        foreach (var ts in b.VerificationMaterial.Rfc3161Timestamps)
        {
            r._checks.AddRange(TimestampChecks(ts.SignedTimestamp, trust));
        }

        return r;
    }

    /// <summary>RFC 5652 §5.4: the signer's signature over the DER SET OF signed attributes.</summary>
    private static IEnumerable<Func<bool>> TimestampChecks(byte[] signedTimestamp, TrustedMaterial trust)
    {
        // The baseline reads the token with the platform's own decoder, independent of the verifier's reader.
        if (!Rfc3161TimestampToken.TryDecode(TimestampResponse.TokenOf(signedTimestamp, "timestamp"), out var token, out _))
        {
            throw new InvalidOperationException("the benchmark timestamp does not decode");
        }

        var candidates = new X509Certificate2Collection();
        foreach (var c in trust.TimestampAuthorities.SelectMany(a => a.Chain))
        {
            candidates.Add(c);
        }

        var hash = token.TokenInfo.GetMessageHash().ToArray();
        var alg = hash.Length switch { 32 => HashAlgorithmName.SHA256, 48 => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        if (!token.VerifySignatureForHash(hash, alg, out var signer, candidates) || signer is null)
        {
            throw new InvalidOperationException("the benchmark timestamp does not verify");
        }

        var (attrs, signature, signatureHash) = SignerInfoParts(token.AsSignedCms().Encode());
        var signerKey = signer.GetECDsaPublicKey() ?? throw new InvalidOperationException("the benchmark TSA key is not ECDSA");
        yield return () => signerKey.VerifyData(attrs, signature, signatureHash, DSASignatureFormat.Rfc3279DerSequence);

        var tsa = trust.TimestampAuthorities.First(a => a.Chain.Any(c => c.RawData.AsSpan().SequenceEqual(signer.RawData)) || X509Parts.Parse(signer.RawData).IsSignedBy(a.IssuingKey));
        if (!tsa.Issuing.RawData.AsSpan().SequenceEqual(signer.RawData))
        {
            var parts = X509Parts.Parse(signer.RawData);
            yield return () => parts.IsSignedBy(tsa.IssuingKey);
        }
    }

    private static (byte[] Attributes, byte[] Signature, HashAlgorithmName Hash) SignerInfoParts(byte[] contentInfo)
    {
        // RFC 5652 §3, §5.1, §5.3: ContentInfo { contentType, [0] SignedData { version, digestAlgorithms,
        // encapContentInfo, [0] certificates OPTIONAL, [1] crls OPTIONAL, signerInfos SET OF SignerInfo } }.
        var signedData = new AsnReader(contentInfo, AsnEncodingRules.BER).ReadSequence();
        signedData.ReadObjectIdentifier();
        var sd = signedData.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        sd.ReadEncodedValue();
        sd.ReadEncodedValue();
        sd.ReadEncodedValue();
        while (sd.PeekTag().TagClass == TagClass.ContextSpecific)
        {
            sd.ReadEncodedValue();
        }

        // SignerInfo { version, sid, digestAlgorithm, [0] IMPLICIT signedAttrs, signatureAlgorithm, signature }.
        var si = sd.ReadSetOf().ReadSequence();
        si.ReadEncodedValue();
        si.ReadEncodedValue();
        var digestAlg = si.ReadSequence().ReadObjectIdentifier();
        var attrs = si.ReadEncodedValue().ToArray();
        attrs[0] = 0x31; // the signature covers the attributes with their universal SET OF tag (§5.4)
        si.ReadEncodedValue();
        var signature = si.ReadOctetString();
        var hash = digestAlg switch
        {
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        return (attrs, signature, hash);
    }
}
