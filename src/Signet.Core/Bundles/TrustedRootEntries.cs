using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Core.Bundles;

/// <summary>
/// The entries of a <see cref="TrustedRoot"/> made from keys and certificate chains, with the log IDs Sigstore's clients
/// compute (what <c>signet trusted-root create</c> composes, as cosign's <c>trusted-root create</c> does).
/// </summary>
public static class TrustedRootEntries
{
    /// <summary>
    /// A transparency log. Rekor v1 (no <paramref name="checkpointOrigin"/>): log ID = SHA-256 of the key's DER SPKI.
    /// Rekor v2 (its checkpoint origin given): an Ed25519 key's log ID is the C2SP signed-note key hash
    /// SHA-256(origin ‖ 0x0A ‖ 0x01 ‖ key) (rekor-tiles), an ECDSA key's the SHA-256 of its SPKI (note type 0x02).
    /// </summary>
    /// <param name="baseUrl">The log's URL.</param>
    /// <param name="key">The log's public key.</param>
    /// <param name="validFor">When the key signs entries.</param>
    /// <param name="checkpointOrigin">The Rekor v2 checkpoint origin, or null for a Rekor v1 log.</param>
    /// <param name="operatorName">Who runs the log.</param>
    public static TransparencyLogInstance TransparencyLog(string baseUrl, VerificationKey key, TimeRange validFor, string? checkpointOrigin = null, string? operatorName = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] logId;
        if (checkpointOrigin is not null && key.Kind == KeyKind.Ed25519)
        {
            if (!NoteKeyId.IsValidName(checkpointOrigin))
            {
                throw new SignetFormatException($"log origin '{checkpointOrigin}' is empty or contains a space or '+'");
            }

            logId = NoteKeyId.Digest(checkpointOrigin, NoteKeyId.Ed25519, key.Ed25519Raw);
        }
        else
        {
            logId = SHA256.HashData(key.SpkiDer);
        }

        return new TransparencyLogInstance(baseUrl, "SHA2_256", Details(key, validFor), logId, logId, operatorName);
    }

    /// <summary>A certificate transparency log: log ID = SHA-256 of the key's DER SPKI (RFC 6962 §3.2).</summary>
    /// <param name="baseUrl">The log's URL.</param>
    /// <param name="key">The log's public key.</param>
    /// <param name="validFor">When the key signs SCTs.</param>
    /// <param name="operatorName">Who runs the log.</param>
    public static TransparencyLogInstance CtLog(string baseUrl, VerificationKey key, TimeRange validFor, string? operatorName = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new TransparencyLogInstance(baseUrl, "SHA2_256", Details(key, validFor), SHA256.HashData(key.SpkiDer), null, operatorName);
    }

    /// <summary>A certificate authority (or timestamp authority) from its chain, leaf-most first, root last; named after the
    /// root's organisation and common name.</summary>
    /// <param name="chain">The certificates, issuing (or TSA leaf) first, root last.</param>
    /// <param name="uri">The authority's URL.</param>
    /// <param name="validFor">When certificates (timestamps) it issued are trusted.</param>
    /// <param name="operatorName">Who runs the authority.</param>
    public static CertificateAuthority Authority(IReadOnlyList<X509Certificate2> chain, string uri, TimeRange validFor, string? operatorName = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0)
        {
            throw new SignetFormatException("a certificate chain needs at least one certificate");
        }

        var root = chain[^1];
        var organization = root.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == X509Oids.OrganizationName).Select(r => r.GetSingleElementValue() ?? "").FirstOrDefault() ?? "";
        return new CertificateAuthority(
            new DistinguishedName(organization, root.GetNameInfo(X509NameType.SimpleName, forIssuer: false)),
            uri, chain.Select(c => c.RawData).ToList(), validFor, operatorName);
    }

    private static PublicKeyDetails Details(VerificationKey key, TimeRange validFor) =>
        new(key.SpkiDer, SigningAlgorithms.ToRegistryName(key.DefaultAlgorithm), validFor);
}
