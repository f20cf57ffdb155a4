using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Core.Verification;

/// <summary>What a verifier trusts: transparency logs, Fulcio CAs, CT logs, timestamp authorities, each time-bounded.</summary>
public interface ITrustedMaterial
{
    /// <summary>The transparency logs (Rekor v1 and v2) whose entries, promises and checkpoints are accepted.</summary>
    IReadOnlyList<TrustedLog> TransparencyLogs { get; }

    /// <summary>The Fulcio CAs whose chains may issue signing certificates.</summary>
    IReadOnlyList<TrustedCertificateAuthority> CertificateAuthorities { get; }

    /// <summary>The certificate transparency logs whose SCTs are accepted in signing certificates.</summary>
    IReadOnlyList<TrustedLog> CtLogs { get; }

    /// <summary>The RFC 3161 timestamp authorities whose signed timestamps count as verified times.</summary>
    IReadOnlyList<TrustedCertificateAuthority> TimestampAuthorities { get; }
}

/// <summary>
/// Trust material decoded once from a <see cref="Bundles.TrustedRoot"/>: keys imported, certificates parsed,
/// checkpoint verifiers built. Building it validates the root; verifying bundles then does no parsing of it.
/// </summary>
public sealed class TrustedMaterial : ITrustedMaterial
{
    private TrustedMaterial() { }

    /// <inheritdoc/>
    public IReadOnlyList<TrustedLog> TransparencyLogs { get; private init; } = [];

    /// <inheritdoc/>
    public IReadOnlyList<TrustedCertificateAuthority> CertificateAuthorities { get; private init; } = [];

    /// <inheritdoc/>
    public IReadOnlyList<TrustedLog> CtLogs { get; private init; } = [];

    /// <inheritdoc/>
    public IReadOnlyList<TrustedCertificateAuthority> TimestampAuthorities { get; private init; } = [];

    /// <summary>
    /// Decodes every log key and CA chain of a parsed trusted root; a key or certificate that does not decode fails
    /// here, naming its place in the root.
    /// </summary>
    public static TrustedMaterial FromTrustedRoot(TrustedRoot root) => new()
    {
        TransparencyLogs = root.Tlogs.Select((t, i) => TrustedLog.From(t, $"trustedRoot.tlogs[{i}]", withCheckpointVerifier: true)).ToArray(),
        CertificateAuthorities = root.CertificateAuthorities.Select((c, i) => TrustedCertificateAuthority.From(c, $"trustedRoot.certificateAuthorities[{i}]")).ToArray(),
        CtLogs = root.Ctlogs.Select((t, i) => TrustedLog.From(t, $"trustedRoot.ctlogs[{i}]", withCheckpointVerifier: false)).ToArray(),
        TimestampAuthorities = root.TimestampAuthorities.Select((c, i) => TrustedCertificateAuthority.From(c, $"trustedRoot.timestampAuthorities[{i}]")).ToArray(),
    };

    /// <summary>
    /// Parses a trusted root document (protobuf-specs <c>TrustedRoot</c> JSON) and decodes it as
    /// <see cref="FromTrustedRoot"/> does.
    /// </summary>
    public static TrustedMaterial Parse(ReadOnlySpan<byte> trustedRootJson) => FromTrustedRoot(TrustedRoot.Parse(trustedRootJson));
}

/// <summary>A transparency log or CT log the verifier trusts, with its key and validity window.</summary>
public sealed class TrustedLog
{
    private TrustedLog() { }

    /// <summary>The log's base URL as the trusted root states it.</summary>
    public string BaseUrl { get; private init; } = "";

    /// <summary>The log's signed-note key name: the authority (host[:port]) of its base URL.</summary>
    public string Name { get; private init; } = "";

    /// <summary>
    /// The log ID: SHA-256 of the log's public key (RFC 6962 §3.2), or as the trusted root states it.
    /// </summary>
    public byte[] LogId { get; private init; } = [];

    /// <summary>The log's public key, which signs its entry timestamps, SCTs or checkpoints.</summary>
    public VerificationKey Key { get; private init; } = null!;

    /// <summary>
    /// When the log's key was in use (trusted root <c>publicKey.validFor</c>); null when the root states no bounds.
    /// </summary>
    public TimeRange? ValidFor { get; private init; }

    /// <summary>Verifies the log's checkpoint signatures (C2SP signed-note; ECDSA for Rekor v1, Ed25519 for v2).</summary>
    public INoteVerifier? CheckpointVerifier { get; private init; }

    /// <summary>A log without a window is trusted at any time; a window is a closed interval.</summary>
    public bool IsValidAt(DateTimeOffset t) => ValidFor is null || ValidFor.Contains(t);

    internal static TrustedLog From(TransparencyLogInstance t, string path, bool withCheckpointVerifier)
    {
        VerificationKey key;
        try
        {
            key = VerificationKey.FromSpki(SpkiOf(t.PublicKey));
        }
        catch (SignetFormatException e)
        {
            throw new SignetFormatException($"{path}.publicKey.rawBytes: {e.Message}", e);
        }

        var name = Uri.TryCreate(t.BaseUrl, UriKind.Absolute, out var uri) ? uri.Authority : t.BaseUrl;
        if (withCheckpointVerifier && string.IsNullOrEmpty(name))
        {
            throw new SignetFormatException($"{path}.baseUrl: missing (the log's checkpoint key name comes from it)");
        }

        return new TrustedLog
        {
            BaseUrl = t.BaseUrl,
            Name = name,
            LogId = t.LogId,
            Key = key,
            ValidFor = t.PublicKey.ValidFor,
            CheckpointVerifier = withCheckpointVerifier ? RekorNoteVerifier.Create(name, key) : null,
        };
    }

    /// <summary>
    /// protobuf-specs sigstore_common.proto: PKIX_* keys are DER SubjectPublicKeyInfo; the deprecated PKCS1_RSA_*
    /// forms (still used by staging's first CT log) are a bare PKCS#1 RSAPublicKey, wrapped here into an SPKI.
    /// </summary>
    private static byte[] SpkiOf(PublicKeyDetails pk)
    {
        if (!pk.KeyDetails.StartsWith("PKCS1_RSA", StringComparison.Ordinal))
        {
            return pk.RawBytes;
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPublicKey(pk.RawBytes, out var read);
            if (read != pk.RawBytes.Length)
            {
                throw new SignetFormatException("public key: trailing bytes after the PKCS#1 RSA public key");
            }
        }
        catch (CryptographicException e)
        {
            throw new SignetFormatException($"public key: not a PKCS#1 RSA public key ({e.Message})", e);
        }

        return rsa.ExportSubjectPublicKeyInfo();
    }
}

/// <summary>
/// A certificate authority (Fulcio) or timestamp authority the verifier trusts: its chain as given by the trusted
/// root (issuing certificate first, root last) and the window in which it may be trusted.
/// </summary>
public sealed class TrustedCertificateAuthority
{
    private TrustedCertificateAuthority(string uri, IReadOnlyList<X509Certificate2> chain, TimeRange? validFor)
    {
        Uri = uri;
        Chain = chain;
        ValidFor = validFor;
        foreach (var c in chain)
        {
            // Shared by every verification thread from here on: no lazy first decoding may race (DecodeForSharing).
            Certificates.CertificateDecoder.DecodeForSharing(c);
        }

        IssuerKeyHash = SHA256.HashData(chain[0].PublicKey.ExportSubjectPublicKeyInfo());
        IssuingKey = Certificates.IssuerKey.From(chain[0]);
        _nameConstraints = new(() => ChainNameConstraints.Read(chain));
    }

    /// <summary>The authority's URI as the trusted root states it.</summary>
    public string Uri { get; }

    /// <summary>The authority's certificate chain, issuing certificate first and root last.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>The certificate that signs leaves (or timestamps): the first of <see cref="Chain"/>.</summary>
    public X509Certificate2 Issuing => Chain[0];

    /// <summary>The trust anchor: the last of <see cref="Chain"/>.</summary>
    public X509Certificate2 Root => Chain[^1];

    /// <summary>
    /// When this authority issued (trusted root <c>validFor</c>); null when the root states no bounds.
    /// </summary>
    public TimeRange? ValidFor { get; }

    /// <summary>The issuing certificate's key, imported once, for checking the signatures of leaf certificates.</summary>
    public Certificates.IssuerKey IssuingKey { get; }

    /// <summary>RFC 6962 §3.2 issuer_key_hash of the issuing certificate.</summary>
    public byte[] IssuerKeyHash { get; }

    /// <summary>True when <paramref name="t"/> falls inside <see cref="ValidFor"/> (or no bounds are stated).</summary>
    public bool IsValidAt(DateTimeOffset t) => ValidFor is null || ValidFor.Contains(t);

    /// <summary>
    /// Why <see cref="Chain"/> cannot vouch for a certificate used for <paramref name="keyPurpose"/> (an EKU OID), or
    /// null when it can (<see cref="TrustedChain.Refusal"/>). Checked once per purpose, on first use.
    /// </summary>
    internal string? ChainRefusal(string keyPurpose) => _chainRefusals.GetOrAdd(keyPurpose, static (purpose, chain) => TrustedChain.Refusal(chain, purpose), Chain);

    private readonly ConcurrentDictionary<string, string?> _chainRefusals = new(StringComparer.Ordinal);

    /// <summary>
    /// The name constraints of <see cref="Chain"/>'s certificates (RFC 5280 §4.2.1.10) with their positions, read once;
    /// they bind the certificates the authority vouches for. Read only after <see cref="ChainRefusal"/> found the chain
    /// usable, which includes that they can be read.
    /// </summary>
    internal IReadOnlyList<(int Index, Certificates.NameConstraints Constraints)> NameConstraints => _nameConstraints.Value;

    private readonly Lazy<IReadOnlyList<(int Index, Certificates.NameConstraints Constraints)>> _nameConstraints;

    internal static TrustedCertificateAuthority From(CertificateAuthority ca, string path)
    {
        var certs = new List<X509Certificate2>();
        for (var i = 0; i < ca.CertChain.Count; i++)
        {
            certs.Add(Certificates.CertificateDecoder.Load(ca.CertChain[i], $"{path}.certChain.certificates[{i}]"));
        }

        return new TrustedCertificateAuthority(ca.Uri, certs, ca.ValidFor);
    }
}
