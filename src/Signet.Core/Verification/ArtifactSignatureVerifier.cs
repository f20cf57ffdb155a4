using System.Security.Cryptography;
using Signet.Core.Bundles;
using Signet.Core.InToto;
using Signet.Core.Keys;

namespace Signet.Core.Verification;

/// <summary>
/// Client-spec §4.4: a message signature verifies over the artifact (its bytes, or its digest for prehash
/// algorithms); a DSSE signature verifies over PAE(payloadType, payload), the payload type is in-toto, and the
/// artifact's digest is one of the statement's subjects.
/// </summary>
internal static class ArtifactSignatureVerifier
{
    public static VerifiedStatement? Verify(Bundle bundle, SignedContent content, VerificationKey key, Artifact artifact)
    {
        if (bundle.MessageSignature is { } ms)
        {
            VerifyMessageSignature(ms, key, artifact);
            return null;
        }

        return VerifyEnvelope(content.Envelope!, content.Signature, key, artifact);
    }

    private static void VerifyMessageSignature(MessageSignature ms, VerificationKey key, Artifact artifact)
    {
        // The digest in the bundle is an unauthenticated hint, but it must agree with the artifact.
        if (ms.MessageDigest is { } hint)
        {
            var alg = hint.Algorithm switch
            {
                "SHA2_256" => HashAlgorithmName.SHA256,
                "SHA2_384" => HashAlgorithmName.SHA384,
                "SHA2_512" => HashAlgorithmName.SHA512,
                _ => (HashAlgorithmName?)null,
            };
            var actual = alg is null ? null : artifact.GetDigest(alg.Value);
            if (actual is not null && !actual.AsSpan().SequenceEqual(hint.Digest))
            {
                throw new VerificationException(VerificationErrorCode.ArtifactMismatch, "the bundle's message digest is not the artifact's digest");
            }
        }

        bool ok;
        if (key.DefaultAlgorithm == SigningAlgorithm.PkixEd25519)
        {
            // An Ed25519 key signs an artifact as Ed25519ph over its SHA-512 (PKIX_ED25519_PH: what rekor's hashedrekord
            // verifies, and sigstore-go and cosign sign). A pure Ed25519 signature over the bytes verifies too (no log
            // records one, but a bundle with only a timestamp may carry it): RFC 8032 §5.1 separates the two schemes'
            // domains (dom2), so neither passes for the other.
            var sha512 = artifact.GetDigest(HashAlgorithmName.SHA512);
            ok = sha512 is not null && key.VerifyDigest(sha512, HashAlgorithmName.SHA512, ms.Signature, SigningAlgorithm.PkixEd25519Ph);
            if (!ok && artifact.Bytes is { } bytes)
            {
                ok = key.Verify(bytes.Span, ms.Signature);
            }
            else if (sha512 is null)
            {
                throw new VerificationException(VerificationErrorCode.ArtifactMismatch, "an Ed25519 key signs the artifact's SHA512 digest (Ed25519ph); the artifact's SHA512 digest is not known");
            }
        }
        else
        {
            var hash = SigningAlgorithms.HashOf(key.DefaultAlgorithm);
            var digest = artifact.GetDigest(hash);
            ok = digest is not null && key.VerifyDigest(digest, hash, ms.Signature);

            // sigstore-python 1.x/2.x signed with a P-384 key over the artifact's SHA-256 digest and said so in
            // messageDigest.algorithm (SHA2_256); it verifies them that way, and so does this, for that key and hint only.
            if (!ok && key.Kind == KeyKind.EcdsaP384 && ms.MessageDigest?.Algorithm == "SHA2_256" && artifact.GetDigest(HashAlgorithmName.SHA256) is { } sha256)
            {
                digest = sha256;
                ok = key.VerifyDigest(sha256, HashAlgorithmName.SHA256, ms.Signature);
            }

            if (digest is null)
            {
                throw new VerificationException(VerificationErrorCode.ArtifactMismatch, $"the key signs {hash.Name} digests; the artifact's {hash.Name} digest is not known");
            }
        }

        if (!ok)
        {
            throw new VerificationException(VerificationErrorCode.SignatureInvalid, "the signature does not verify over the artifact");
        }
    }

    private static VerifiedStatement VerifyEnvelope(Envelope env, byte[] signature, VerificationKey key, Artifact artifact)
    {
        if (env.PayloadType != InTotoStatement.PayloadType)
        {
            throw new VerificationException(VerificationErrorCode.UnsupportedPayload, $"DSSE payload type '{MediaTypes.Truncate(env.PayloadType)}' is not {InTotoStatement.PayloadType}");
        }

        if (!key.Verify(Dsse.Dsse.Pae(env.PayloadType, env.Payload), signature))
        {
            throw new VerificationException(VerificationErrorCode.SignatureInvalid, "the DSSE signature does not verify over PAE(payloadType, payload)");
        }

        InTotoStatement statement;
        try
        {
            statement = InTotoStatement.Parse(env.Payload);
        }
        catch (SignetFormatException e)
        {
            throw new VerificationException(VerificationErrorCode.UnsupportedPayload, $"the DSSE payload is not an in-toto statement ({e.Message})", e);
        }

        // in-toto Statement v1: subject digests are keyed by lowercase algorithm name ("sha256").
        var matched = artifact.KnownDigests().Any(d => statement.HasSubjectDigest(d.Algorithm.Name!.ToLowerInvariant(), d.Digest));
        if (!matched)
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, "the artifact's digest is not among the in-toto statement's subjects");
        }

        return new VerifiedStatement(env.PayloadType, env.Payload, statement.PredicateType);
    }
}
