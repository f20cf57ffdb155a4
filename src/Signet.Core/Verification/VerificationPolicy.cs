using Signet.Core.Certificates;
using Signet.Core.Keys;

namespace Signet.Core.Verification;

/// <summary>
/// What the caller expects of a bundle's signer. There is no default: pick identities (keyless), a public key,
/// or opt out explicitly with <see cref="WithoutIdentityUnsafe"/>.
/// </summary>
public sealed class VerificationPolicy
{
    private VerificationPolicy(IReadOnlyList<CertificateIdentity> identities, VerificationKey? key, bool unsafeAnyIdentity)
    {
        Identities = identities;
        PublicKey = key;
        AcceptsAnyIdentity = unsafeAnyIdentity;
    }

    /// <summary>Keyless: any one of these identities must match the certificate.</summary>
    public IReadOnlyList<CertificateIdentity> Identities { get; }

    /// <summary>Key mode: the bundle must be signed by this key (no certificate).</summary>
    public VerificationKey? PublicKey { get; }

    /// <summary>
    /// True only for <see cref="WithoutIdentityUnsafe"/>: a certificate passes whatever identity it names.
    /// </summary>
    public bool AcceptsAnyIdentity { get; }

    /// <summary>
    /// Keyless: the signing certificate must match <paramref name="identity"/> or one of
    /// <paramref name="alternatives"/>.
    /// </summary>
    public static VerificationPolicy ForIdentity(CertificateIdentity identity, params CertificateIdentity[] alternatives)
        => new([identity, .. alternatives], null, false);

    /// <summary>
    /// Keyless with one identity: the certificate's SAN and OIDC issuer must equal these strings exactly.
    /// </summary>
    public static VerificationPolicy ForIdentity(string subjectAlternativeName, string issuer)
        => ForIdentity(new CertificateIdentity(StringMatcher.Exact(subjectAlternativeName), StringMatcher.Exact(issuer)));

    /// <summary>
    /// Key mode: the bundle must carry a public-key hint (no certificate) and its signature must verify with
    /// <paramref name="key"/>.
    /// </summary>
    public static VerificationPolicy ForPublicKey(VerificationKey key) => new([], key, false);

    /// <summary>
    /// Null when <paramref name="certificate"/> satisfies this policy's identities (any one of them, or any identity
    /// under <see cref="WithoutIdentityUnsafe"/>), otherwise why not: the reason of the first identity that fails.
    /// </summary>
    public string? Mismatch(FulcioCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (AcceptsAnyIdentity)
        {
            return null;
        }

        if (Identities.Count == 0)
        {
            return "no identity to check the certificate against";
        }

        string? first = null;
        foreach (var identity in Identities)
        {
            var why = identity.Mismatch(certificate);
            if (why is null)
            {
                return null;
            }

            first ??= why;
        }

        return first;
    }

    /// <summary>Accepts a certificate whatever identity it names. Only for inspecting bundles, never for trust decisions.</summary>
    public static VerificationPolicy WithoutIdentityUnsafe() => new([], null, true);
}
