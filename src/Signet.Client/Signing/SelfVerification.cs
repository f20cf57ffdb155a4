using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Signet.Client.Identity;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Core.Verification;

namespace Signet.Client.Signing;

/// <summary>
/// Verifies a freshly signed bundle with Signet's own verifier before anyone writes it: the whole client-spec §4
/// pipeline against the trusted root, with the identity the signer expects (the certificate's SAN issued for the
/// token's issuer) or the signer's own public key.
/// </summary>
public static class SelfVerification
{
    /// <exception cref="VerificationException">The bundle does not verify: it must not be written.</exception>
    public static VerificationResult Verify(SignedBundle signedBundle, SigningPayload payload, TrustedRoot trustedRoot, IdentityToken? token, VerificationKey? key)
    {
        ArgumentNullException.ThrowIfNull(signedBundle);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(trustedRoot);
        var bundle = signedBundle.Bundle;
        var entries = bundle.VerificationMaterial.TlogEntries.Count;
        var timestamps = bundle.VerificationMaterial.Rfc3161Timestamps.Count;

        // Require everything the signer asked the services for: each log entry and each signed timestamp.
        var options = new VerifierOptions
        {
            TransparencyLogThreshold = entries,
            SignedTimestampThreshold = timestamps,
            ObserverTimestampThreshold = 1,
        };
        if (signedBundle.Certificate is null)
        {
            options = options.WithoutSignedCertificateTimestampsUnsafe();
        }

        VerificationPolicy policy;
        if (signedBundle.Certificate is { } der)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            var san = FulcioCertificate.From(certificate).SubjectAlternativeName
                ?? throw new VerificationException(VerificationErrorCode.IdentityMismatch, "the CA issued a certificate without a subject alternative name");
            policy = VerificationPolicy.ForIdentity(san, token?.Issuer
                ?? throw new ArgumentException("keyless bundles are verified against the token's issuer", nameof(token)));
        }
        else
        {
            policy = VerificationPolicy.ForPublicKey(key ?? throw new ArgumentNullException(nameof(key)));
        }

        var verifier = new Verifier(TrustedMaterial.FromTrustedRoot(trustedRoot), options);
        return verifier.Verify(bundle, ArtifactOf(payload), policy);
    }

    /// <summary>The artifact the bundle speaks for: the signed bytes (or their digest), or an in-toto statement's first SHA-256 subject.</summary>
    private static Artifact ArtifactOf(SigningPayload payload)
    {
        if (!payload.IsDsse)
        {
            if (payload.Artifact is { } bytes)
            {
                return Artifact.FromBytes(bytes);
            }

            var hash = new[] { HashAlgorithmName.SHA256, HashAlgorithmName.SHA384, HashAlgorithmName.SHA512 }.First(h => payload.DigestOf(h) is not null);
            return Artifact.FromDigest(hash, payload.DigestOf(hash)!);
        }

        try
        {
            using var doc = JsonDocument.Parse(payload.Payload!);
            foreach (var subject in doc.RootElement.GetProperty("subject").EnumerateArray())
            {
                if (subject.TryGetProperty("digest", out var d) && d.TryGetProperty("sha256", out var hex) && hex.ValueKind == JsonValueKind.String)
                {
                    return Artifact.FromDigest(HashAlgorithmName.SHA256, Hex.Decode(hex.GetString()!, "in-toto subject digest"));
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SignetFormatException($"in-toto statement: {e.Message}", e);
        }

        throw new SignetFormatException("in-toto statement: no subject with a sha256 digest");
    }
}
