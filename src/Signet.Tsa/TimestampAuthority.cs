using System.Formats.Asn1;
using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Certificates;

namespace Signet.Tsa;

/// <summary>
/// Issues RFC 3161 time-stamp tokens: a <c>TSTInfo</c> (policy, message imprint and nonce echoed, unique serial,
/// genTime) signed as CMS SignedData with the ESS signing-certificate-v2 attribute. Thread-safe.
/// </summary>
/// <remarks>
/// Written with <see cref="AsnWriter"/> rather than <c>Rfc3161TimestampTokenInfo</c> + <c>SignedCms</c> (which can
/// build the same token, and which the tests use to read it back): every part except the TSTInfo and the signature
/// is the same for each token, so it is encoded once here, and the per-token cost stays close to one ECDSA signature.
/// </remarks>
public sealed class TimestampAuthority
{
    private readonly TsaCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly string _policy;
    private readonly byte[] _leafDer;
    private readonly byte[] _signingCertificateAttribute;
    private readonly byte[] _signerIdentifier;
    private readonly IssuingChainValidity _validity;

    public TimestampAuthority(TsaCredentials credentials, TimeProvider time, string policyOid = FulcioOids.TimestampPolicy)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(time);
        _credentials = credentials;
        _time = time;
        new AsnWriter(AsnEncodingRules.DER).WriteObjectIdentifier(policyOid); // throws ArgumentException if malformed
        _policy = policyOid;
        _leafDer = credentials.Leaf.RawData;
        _signingCertificateAttribute = SigningCertificateV2.EncodeValue(credentials.Leaf);
        _validity = new IssuingChainValidity("the TSA's certificate chain", credentials.Chain);

        // RFC 5652 §5.3: sid as IssuerAndSerialNumber (SignerInfo version 1).
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteEncodedValue(credentials.Leaf.IssuerName.RawData);
            w.WriteInteger(credentials.Leaf.SerialNumberBytes.Span);
        }

        _signerIdentifier = w.Encode();
    }

    /// <summary>The policy this TSA issues tokens under (Sigstore's 1.3.6.1.4.1.57264.2 by default).</summary>
    public string PolicyOid => _policy;

    /// <summary>The declared accuracy of genTime (RFC 3161 §2.4.2 <c>accuracy</c>).</summary>
    public static TimeSpan Accuracy => TimeSpan.FromSeconds(1);

    /// <summary>Answers a query with a DER <c>TimeStampResp</c> whose status is granted (RFC 3161 §2.4.2).</summary>
    /// <exception cref="SignetFormatException">The query asks for a policy this TSA does not issue under.</exception>
    /// <exception cref="SignetUnavailableException">The TSA's chain is not valid at its clock's time.</exception>
    public byte[] Respond(TimestampQuery query)
    {
        var token = CreateToken(query);
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            // PKIStatusInfo ::= SEQUENCE { status PKIStatus (granted = 0) }
            using (w.PushSequence())
            {
                w.WriteInteger(0);
            }

            w.WriteEncodedValue(token);
        }

        return w.Encode();
    }

    /// <summary>Creates the DER time-stamp token (a CMS ContentInfo) for <paramref name="query"/>.</summary>
    /// <exception cref="SignetFormatException">The query asks for a policy this TSA does not issue under.</exception>
    /// <exception cref="SignetUnavailableException">The TSA's chain is not valid at its clock's time.</exception>
    public byte[] CreateToken(TimestampQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var activity = Telemetry.TsaTelemetry.Source.StartActivity("tsa.timestamp");
        var token = CreateSignedToken(query);
        Telemetry.TsaTelemetry.TimestampsIssued.Add(1, new KeyValuePair<string, object?>("signet.tsa.policy", _policy));
        return token;
    }

    private byte[] CreateSignedToken(TimestampQuery query)
    {
        // RFC 3161 §2.4.2: a requested policy this TSA does not support is refused (unacceptedPolicy).
        if (query.RequestedPolicy is { } requested && requested != _policy)
        {
            throw new SignetFormatException($"timestamp query: policy {requested} is not supported (this TSA issues under {_policy})");
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);

        // genTime in whole seconds (the declared accuracy is one second): RFC 3161 §2.4.2 allows fractions, but
        // sigstore-js cannot parse a GeneralizedTime with them, and sigstore's own TSA writes whole seconds.
        var now = _time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        // A genTime outside the signing certificate's validity does not verify (RFC 3161 §2.4.2, RFC 5280 §6.1.3).
        _validity.Ensure(now, now);
        var tstInfo = TstInfo.Encode(_policy, query, serial, now, Accuracy);
        return Sign(tstInfo, query.CertificateRequested);
    }

    private byte[] Sign(byte[] tstInfo, bool includeCertificate)
    {
        // RFC 5652 §5.4: signed attributes, DER SET OF (the writer sorts them).
        var attrs = new AsnWriter(AsnEncodingRules.DER);
        using (attrs.PushSetOf())
        {
            WriteAttribute(attrs, CmsOids.ContentType, w => w.WriteObjectIdentifier(CmsOids.TstInfo));
            WriteAttribute(attrs, CmsOids.MessageDigest, w => w.WriteOctetString(SHA256.HashData(tstInfo)));
            WriteAttribute(attrs, CmsOids.SigningCertificateV2, w => w.WriteEncodedValue(_signingCertificateAttribute));
        }

        var signedAttrs = attrs.Encode();
        var signature = _credentials.SigningKey.SignData(
            signedAttrs, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            // ContentInfo ::= SEQUENCE { contentType id-signedData, content [0] EXPLICIT SignedData }
            w.WriteObjectIdentifier(CmsOids.SignedData);
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (w.PushSequence())
            {
                // RFC 5652 §5.1: version 3 because eContentType is not id-data.
                w.WriteInteger(3);
                using (w.PushSetOf())
                {
                    WriteAlgorithm(w, AlgorithmOids.Sha256);
                }

                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(CmsOids.TstInfo);
                    using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        w.WriteOctetString(tstInfo);
                    }
                }

                // RFC 3161 §2.4.1: the TSA's certificate is included only when certReq is true.
                if (includeCertificate)
                {
                    using (w.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        w.WriteEncodedValue(_leafDer);
                    }
                }

                using (w.PushSetOf())
                {
                    WriteSignerInfo(w, signedAttrs, signature);
                }
            }
        }

        return w.Encode();
    }

    private void WriteSignerInfo(AsnWriter w, byte[] signedAttrs, byte[] signature)
    {
        using (w.PushSequence())
        {
            w.WriteInteger(1);
            w.WriteEncodedValue(_signerIdentifier);
            WriteAlgorithm(w, AlgorithmOids.Sha256);

            // signedAttrs [0] IMPLICIT SET OF Attribute: the signed SET with its tag replaced.
            var tagged = (byte[])signedAttrs.Clone();
            tagged[0] = 0xA0;
            w.WriteEncodedValue(tagged);
            WriteAlgorithm(w, AlgorithmOids.EcdsaWithSha256);
            w.WriteOctetString(signature);
        }
    }

    private static void WriteAttribute(AsnWriter w, string oid, Action<AsnWriter> writeValue)
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(oid);
            using (w.PushSetOf())
            {
                writeValue(w);
            }
        }
    }

    // RFC 5754 §2 / RFC 5758 §3.2: SHA-2 and ECDSA AlgorithmIdentifiers without parameters.
    private static void WriteAlgorithm(AsnWriter w, string oid)
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(oid);
        }
    }
}
