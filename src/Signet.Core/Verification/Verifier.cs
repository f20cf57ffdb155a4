using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Keys;

namespace Signet.Core.Verification;

/// <summary>
/// Verifies Sigstore bundles offline, following the client spec (architecture-docs client-spec.md §4) in
/// sigstore-go's order: signed timestamps, transparency log entries, verified times, certificate at each time and
/// its SCTs, the signature over the artifact, then the caller's policy. Build once per trust root; thread-safe.
/// </summary>
public sealed class Verifier
{
    private readonly ITrustedMaterial _trust;
    private readonly VerifierOptions _options;

    /// <summary>
    /// Creates a verifier trusting <paramref name="trustedMaterial"/>; <paramref name="options"/> default to
    /// <see cref="VerifierOptions.Default"/>.
    /// </summary>
    public Verifier(ITrustedMaterial trustedMaterial, VerifierOptions? options = null)
    {
        _trust = trustedMaterial;
        _options = options ?? VerifierOptions.Default;
        _options.Validate();
    }

    /// <summary>Verifies <paramref name="bundle"/> for <paramref name="artifact"/> under <paramref name="policy"/>.</summary>
    /// <exception cref="VerificationException">The bundle does not verify; the code names the failed step.</exception>
    /// <exception cref="SignetFormatException">Part of the bundle is malformed.</exception>
    public VerificationResult Verify(Bundle bundle, Artifact artifact, VerificationPolicy policy)
    {
        var material = bundle.VerificationMaterial;

        // Key material: a certificate (keyless) or a key the caller holds. The policy must expect the same kind.
        if (material.PublicKey is not null)
        {
            var key = policy.PublicKey
                ?? throw new VerificationException(VerificationErrorCode.KeyMismatch, "the bundle is signed with a key, but no key was given to verify it with");
            return Verify(bundle, artifact, policy, null, key);
        }

        if (policy.PublicKey is not null)
        {
            throw new VerificationException(VerificationErrorCode.KeyMismatch, "a key was given, but the bundle is signed with a certificate");
        }

        var leafDer = material.LeafCertificate
            ?? throw new SignetFormatException("bundle.verificationMaterial: no signing certificate");
        // The certificate read with AsnReader and its key imported once: no platform certificate object.
        var leaf = SigningCertificate.Decode(leafDer, "bundle signing certificate");
        RejectRootsInChain(material, leaf);
        var leafKey = leaf.ImportKey();
        try
        {
            return Verify(bundle, artifact, policy, leaf, leafKey);
        }
        finally
        {
            // The leaf's key serves this verification only: its native key is freed here, not later by the finalizer
            // thread (which also kept every verification's key alive into the next GC generation).
            leafKey.ReleaseNativeKeys();
        }
    }

    private VerificationResult Verify(Bundle bundle, Artifact artifact, VerificationPolicy policy, SigningCertificate? leaf, VerificationKey key)
    {
        var material = bundle.VerificationMaterial;
        var content = SignedContentOf(bundle, leaf, key);

        // §4.1 signed timestamps (RFC 3161) over the signature bytes.
        var stamps = material.Rfc3161Timestamps;
        if (stamps.Count > _options.MaxEntries)
        {
            throw new SignetFormatException($"bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps: {stamps.Count} timestamps, at most {_options.MaxEntries}");
        }

        var timestamps = new List<VerifiedTimestamp>();
        for (var i = 0; i < stamps.Count; i++)
        {
            var t = SignedTimestampVerifier.Verify(stamps[i].SignedTimestamp, content.Signature, _trust.TimestampAuthorities, $"timestamp {i}");
            timestamps.Add(new VerifiedTimestamp(TimestampSource.TimestampAuthority, t, "rfc3161"));
        }

        // §4.3 transparency log entries (Rekor v1 integrated times come out of here).
        var signedTimes = timestamps.Select(t => t.Time).ToArray();
        var tlog = TransparencyLogVerifier.Verify(bundle, content, artifact, _trust, signedTimes, _options);
        timestamps.AddRange(tlog.IntegratedTimes);

        if (signedTimes.Length < _options.SignedTimestampThreshold)
        {
            throw new VerificationException(VerificationErrorCode.InsufficientTimestamps, $"{signedTimes.Length} verified signed timestamps, {_options.SignedTimestampThreshold} required");
        }

        // A key-signed bundle may go without any verified time only when the caller opted out; a certificate never does.
        var keyWithoutTime = leaf is null && _options.KeysWithoutObserverTimestampsUnsafe;
        if (timestamps.Count < _options.ObserverTimestampThreshold && !keyWithoutTime)
        {
            throw new VerificationException(VerificationErrorCode.InsufficientTimestamps, $"{timestamps.Count} verified times (signed timestamps and integrated times), {_options.ObserverTimestampThreshold} required");
        }

        // §4.2 certificate at every verified time (hybrid model), and its SCTs.
        FulcioCertificate? summary = null;
        if (leaf is not null)
        {
            var ca = SigningCertificateVerifier.VerifyChain(leaf, _trust.CertificateAuthorities, timestamps.Select(t => t.Time).ToArray());
            if (_options.SignedCertificateTimestampThreshold > 0)
            {
                var scts = SigningCertificateVerifier.VerifyEmbeddedScts(leaf, ca, _trust.CtLogs);
                if (scts < _options.SignedCertificateTimestampThreshold)
                {
                    throw new VerificationException(VerificationErrorCode.SignedCertificateTimestampInvalid, $"{scts} verified SCTs from trusted CT logs, {_options.SignedCertificateTimestampThreshold} required");
                }
            }

            summary = FulcioCertificate.From(leaf);
        }

        // §4.4 the signature over the artifact, or over PAE with the artifact among the in-toto subjects.
        var statement = ArtifactSignatureVerifier.Verify(bundle, content, key, artifact);

        // Policy: who must have signed.
        if (summary is not null)
        {
            CheckIdentity(summary, policy);
        }

        return new VerificationResult(bundle.MediaType, summary, material.PublicKey?.Hint, timestamps, tlog.Entries, statement);
    }

    private static SignedContent SignedContentOf(Bundle bundle, SigningCertificate? leaf, VerificationKey key)
    {
        var leafDer = leaf?.Der;
        var spki = leaf is null ? key.SpkiDer : null;
        if (bundle.MessageSignature is { } ms)
        {
            return new SignedContent(ms.Signature, null, leafDer, spki);
        }

        var env = bundle.DsseEnvelope!;

        // protobuf-specs sigstore_bundle.proto: the envelope carries exactly one signature.
        if (env.Signatures.Count != 1)
        {
            throw new VerificationException(VerificationErrorCode.BundleIncomplete, $"the DSSE envelope has {env.Signatures.Count} signatures, exactly one is required");
        }

        return new SignedContent(env.Signatures[0].Sig, env, leafDer, spki);
    }

    /// <summary>
    /// A bundle must not bring its own trust anchor: a self-signed certificate in the chain is rejected, unless it is
    /// byte for byte a certificate of a trusted CA (v0.1 bundles of cosign's era carry Fulcio's full chain; that root
    /// adds nothing the trusted root does not already hold).
    /// </summary>
    private void RejectRootsInChain(VerificationMaterial material, SigningCertificate leaf)
    {
        if (material.X509CertificateChain is not { } chain)
        {
            return;
        }

        for (var i = 0; i < chain.Count; i++)
        {
            // Only a self-issued certificate can be self-signed: the others are never loaded (RFC 5280 §3.2).
            var parts = i == 0 ? leaf.Parts : X509Parts.Parse(chain[i], $"bundle certificate chain [{i}]");
            if (!parts.IsSelfIssued)
            {
                continue;
            }

            // Loaded only when self-issued (the leaf too: a Fulcio leaf never is), to check it with its own key.
            using var cert = CertificateDecoder.Load(chain[i], $"bundle certificate chain [{i}]");
            if (CertificateDecoder.IsSelfSigned(cert, parts) && !IsTrustedCaCertificate(chain[i]))
            {
                throw new VerificationException(VerificationErrorCode.CertificateChainInvalid, $"the bundle's certificate chain contains a root certificate (position {i}); trust anchors come from the trusted root only");
            }
        }
    }

    private bool IsTrustedCaCertificate(byte[] der)
        => _trust.CertificateAuthorities.Any(ca => ca.Chain.Any(c => c.RawDataMemory.Span.SequenceEqual(der)));

    private static void CheckIdentity(FulcioCertificate cert, VerificationPolicy policy)
    {
        if (policy.Mismatch(cert) is { } why)
        {
            throw new VerificationException(VerificationErrorCode.IdentityMismatch, why);
        }
    }
}
