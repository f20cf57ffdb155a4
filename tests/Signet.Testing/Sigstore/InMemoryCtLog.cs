using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Ca.Ct;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Ct;
using Signet.Log.Ct;

namespace Signet.Testing.Sigstore;

/// <summary>
/// The CA's CT log in memory behind <see cref="ICtLogSubmitter"/>: the precertificate's TBS without the poison, the
/// issuer key hash and the RFC 6962 §3.2 MerkleTreeLeaf come from the log's own code (<see cref="CertificateDer"/>,
/// <see cref="CtLogEntry"/>), signed with a <see cref="CtLogKey"/> as <c>CtLog</c> signs them; only the tree is not kept.
/// </summary>
public sealed class InMemoryCtLog : ICtLogSubmitter, IDisposable
{
    private readonly CtLogKey _key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256));
    private readonly TimeProvider _time;

    /// <summary>Creates a CT log whose trusted-root validity window starts at <paramref name="validFrom"/>.</summary>
    public InMemoryCtLog(TimeProvider time, DateTimeOffset validFrom)
    {
        _time = time;
        ValidFrom = validFrom;
    }

    /// <summary>Where the trusted root's validity window of the log's key starts.</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>RFC 6962 §3.2 log id: SHA-256 of the log's public key.</summary>
    public byte[] LogId => _key.LogId;

    /// <summary>How many SCTs were issued.</summary>
    public int Issued { get; private set; }

    /// <summary>The log as a trusted root lists it.</summary>
    public TransparencyLogInstance TrustedRootEntry => new(
        "https://ct.in-memory.test", "SHA2_256",
        new PublicKeyDetails(_key.PublicKeySpki, "PKIX_ECDSA_P256_SHA_256", new TimeRange(ValidFrom, null)),
        _key.LogId, null, null);

    /// <summary>RFC 6962 §4.1 add-pre-chain: an SCT over the precertificate entry of <paramref name="chain"/>.</summary>
    public Task<SignedCertificateTimestamp> AddPreChainAsync(IReadOnlyList<byte[]> chain, CancellationToken cancellationToken)
    {
        var precert = CertificateDer.Parse(chain[0], "chain[0]");
        using var issuer = X509CertificateLoader.LoadCertificate(chain[1]);
        var issuerKeyHash = SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo());
        var timestamp = (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds();
        var leaf = CtLogEntry.PrecertEntryLeaf(timestamp, issuerKeyHash, precert.TbsWithout(X509Oids.PrecertificatePoison), []);
        Issued++;
        return Task.FromResult(new SignedCertificateTimestamp(
            _key.LogId, timestamp, [], SignedCertificateTimestamp.Sha256, SignedCertificateTimestamp.Ecdsa, _key.Sign(leaf)));
    }

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
