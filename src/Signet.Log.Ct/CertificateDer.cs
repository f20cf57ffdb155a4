using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;
using Signet.Core.Certificates;

namespace Signet.Log.Ct;

/// <summary>
/// The parts of a certificate the CT log handles as raw DER (RFC 5280 §4.1): the TBSCertificate, the signature
/// algorithm and value, and the extensions inside the TBS (to find and strip the precertificate poison, RFC 6962 §3.1).
/// </summary>
public sealed class CertificateDer
{
    private CertificateDer(byte[] der, byte[] tbs, string signatureOid, byte[] signature)
    {
        Der = der;
        Tbs = tbs;
        SignatureOid = signatureOid;
        Signature = signature;
    }

    /// <summary>The whole certificate.</summary>
    public byte[] Der { get; }

    /// <summary>The TBSCertificate, as encoded.</summary>
    public byte[] Tbs { get; }

    /// <summary>The signature algorithm's OID.</summary>
    public string SignatureOid { get; }

    /// <summary>The signature value (the BIT STRING's bytes).</summary>
    public byte[] Signature { get; }

    /// <summary>Splits a DER certificate into its parts; a <see cref="SignetFormatException"/> naming
    /// <paramref name="what"/> when it is not one.</summary>
    /// <param name="der">The certificate.</param>
    /// <param name="what">How error messages name it (e.g. <c>chain[1]</c>).</param>
    public static CertificateDer Parse(byte[] der, string what)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var cert = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var tbs = cert.ReadEncodedValue().ToArray();
            var alg = cert.ReadSequence();
            var oid = alg.ReadObjectIdentifier();
            var sig = cert.ReadBitString(out var unused);
            cert.ThrowIfNotEmpty();
            if (unused != 0)
            {
                throw new SignetFormatException($"{what}: signature BIT STRING has unused bits");
            }

            return new CertificateDer(der, tbs, oid, sig);
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"{what}: not a DER certificate", e);
        }
    }

    /// <summary>Whether the TBS carries the extension <paramref name="oid"/>.</summary>
    public bool HasExtension(string oid) => TbsWithout(oid, out var found) is not null && found;

    /// <summary>The TBSCertificate with extension <paramref name="oid"/> removed, re-encoded in DER (RFC 6962 §3.2
    /// "the TBSCertificate ... with the Precertificate poison extension removed").</summary>
    public byte[] TbsWithout(string oid) => TbsWithout(oid, out _);

    /// <summary>Whether <paramref name="issuer"/>'s key verifies this certificate's signature.</summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        if (X509SignatureAlgorithm.Of(SignatureOid) is not (var family, var hash))
        {
            return false;
        }

        using var ec = issuer.GetECDsaPublicKey();
        if (ec is not null)
        {
            return family == X509SignatureFamily.Ecdsa && ec.VerifyData(Tbs, Signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = issuer.GetRSAPublicKey();
        return rsa is not null && family == X509SignatureFamily.RsaPkcs1 && rsa.VerifyData(Tbs, Signature, hash, RSASignaturePadding.Pkcs1);
    }

    private byte[] TbsWithout(string oid, out bool found)
    {
        found = false;
        try
        {
            var reader = new AsnReader(Tbs, AsnEncodingRules.DER);
            var tbs = reader.ReadSequence();
            var w = new AsnWriter(AsnEncodingRules.DER);
            var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
            using (w.PushSequence())
            {
                while (tbs.HasData)
                {
                    var tag = tbs.PeekTag();
                    if (tag != extensionsTag)
                    {
                        w.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                        continue;
                    }

                    var explicitWrapper = tbs.ReadSequence(extensionsTag);
                    var extensions = explicitWrapper.ReadSequence();
                    explicitWrapper.ThrowIfNotEmpty();
                    var kept = new List<ReadOnlyMemory<byte>>();
                    while (extensions.HasData)
                    {
                        var raw = extensions.ReadEncodedValue();
                        var ext = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
                        if (ext.ReadObjectIdentifier() == oid)
                        {
                            found = true;
                        }
                        else
                        {
                            kept.Add(raw);
                        }
                    }

                    if (kept.Count > 0)
                    {
                        using (w.PushSequence(extensionsTag))
                        using (w.PushSequence())
                        {
                            foreach (var k in kept)
                            {
                                w.WriteEncodedValue(k.Span);
                            }
                        }
                    }
                }
            }

            return w.Encode();
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException("certificate: TBSCertificate is not DER", e);
        }
    }
}
