using System.Security.Cryptography;
using Signet.Core.Bundles;
using Signet.Core.Rekor;

namespace Signet.Core.Verification;

/// <summary>What the bundle claims was signed: the signature bytes, the envelope (DSSE), and the key material.</summary>
internal sealed record SignedContent(byte[] Signature, Envelope? Envelope, byte[]? LeafDer, byte[]? Spki)
{
    private byte[]? _payloadDigest;

    /// <summary>The PAE's digest of <paramref name="hash"/> (the hash of the signer's algorithm: SHA-256 for P-256,
    /// SHA-384 for P-384, …, as rekor-tiles and sigstore-go log a DSSE envelope).</summary>
    public byte[] PaeDigest(HashAlgorithmName hash) => Asn1.DigestAlgorithms.Hash(hash, Dsse.Dsse.Pae(Envelope!.PayloadType, Envelope.Payload));

    public byte[] PayloadSha256 => _payloadDigest ??= SHA256.HashData(Envelope!.Payload);
}

/// <summary>
/// Client-spec §4.3: the log entry must describe this bundle — same signature, same key or certificate, same
/// artifact digest (messageSignature), or the same envelope (DSSE: payload hash, or Hash(PAE) for hashedrekord
/// 0.0.2 over DSSE, rekor-v2-spec §6.1.4). Field by field; any difference fails.
/// </summary>
internal static class LogEntryMatcher
{
    public static void Match(LogEntryBody body, SignedContent content, Artifact artifact)
    {
        if (content.Envelope is null)
        {
            MatchMessageSignature(body, content, artifact);
        }
        else
        {
            MatchEnvelope(body, content);
        }
    }

    private static void MatchMessageSignature(LogEntryBody body, SignedContent content, Artifact artifact)
    {
        if (body.Kind != "hashedrekord")
        {
            throw Mismatch($"a {body.Kind} entry cannot record a message signature");
        }

        MatchSignatureAndVerifier(body, content);
        var digest = artifact.GetDigest(body.DigestAlgorithm!.Value)
            ?? throw Mismatch($"the entry records a {body.DigestAlgorithm.Value.Name} digest but only other digests of the artifact are known");
        if (!digest.AsSpan().SequenceEqual(body.Digest))
        {
            throw Mismatch("the entry records a different artifact digest");
        }
    }

    private static void MatchEnvelope(LogEntryBody body, SignedContent content)
    {
        var env = content.Envelope!;
        switch (body.Kind, body.ApiVersion)
        {
            case ("hashedrekord", "0.0.2"):
                MatchSignatureAndVerifier(body, content);
                if (body.DigestAlgorithm is not { } hash || !content.PaeDigest(hash).AsSpan().SequenceEqual(body.Digest))
                {
                    throw Mismatch("the entry's digest is not Hash(PAE) of this envelope");
                }

                break;
            case ("dsse", "0.0.1"):
            case ("intoto", "0.0.2"):
                if (!content.PayloadSha256.AsSpan().SequenceEqual(body.PayloadHash))
                {
                    throw Mismatch("the entry records a different payload hash");
                }

                if (body.Payload is not null && !body.Payload.AsSpan().SequenceEqual(env.Payload))
                {
                    throw Mismatch("the entry records a different envelope payload");
                }

                if (body.PayloadType is not null && body.PayloadType != env.PayloadType)
                {
                    throw Mismatch("the entry records a different payload type");
                }

                if (body.Signatures.Count != env.Signatures.Count)
                {
                    throw Mismatch("the entry records a different number of envelope signatures");
                }

                MatchSignatureAndVerifier(body, content);
                break;
            case ("intoto", "0.0.1"):
                if (!content.PayloadSha256.AsSpan().SequenceEqual(body.PayloadHash))
                {
                    throw Mismatch("the entry records a different payload hash");
                }

                if (!body.Signatures[0].Verifier.Matches(content.LeafDer, content.Spki))
                {
                    throw Mismatch("the entry names a different certificate or key");
                }

                break;
            default:
                throw Mismatch($"a {body.Kind} {body.ApiVersion} entry cannot record a DSSE envelope");
        }
    }

    private static void MatchSignatureAndVerifier(LogEntryBody body, SignedContent content)
    {
        var any = body.Signatures.Any(s => s.Signature.AsSpan().SequenceEqual(content.Signature));
        if (!any)
        {
            throw Mismatch("the entry records a different signature");
        }

        if (!body.Signatures.Any(s => s.Signature.AsSpan().SequenceEqual(content.Signature) && s.Verifier.Matches(content.LeafDer, content.Spki)))
        {
            throw Mismatch("the entry names a different certificate or key");
        }
    }

    private static VerificationException Mismatch(string why)
        => new(VerificationErrorCode.TransparencyLogEntryMismatch, $"log entry does not match the bundle: {why}");
}
