namespace Signet.Ca.Issuers;

/// <summary>
/// One trusted OIDC issuer (Fulcio <c>OIDCIssuer</c>). Tokens are accepted only from issuers configured here;
/// discovery and keys are fetched only from <see cref="IssuerUrl"/>.
/// </summary>
public sealed record OidcIssuer
{
    /// <summary>The audience every token must carry when no other is configured.</summary>
    public const string DefaultAudience = "sigstore";

    /// <summary>The issuer URL, exactly as tokens carry it in <c>iss</c>.</summary>
    public required string IssuerUrl { get; init; }

    /// <summary>The audience (<c>aud</c>) tokens must carry; Fulcio calls it the client id.</summary>
    public string ClientId { get; init; } = DefaultAudience;

    public required IssuerType Type { get; init; }

    /// <summary>The claim the proof of possession signs; null means the type's default (email for email issuers, else <c>sub</c>).</summary>
    public string? ChallengeClaim { get; init; }

    /// <summary>For <see cref="IssuerType.Uri"/> and <see cref="IssuerType.Username"/>: the domain identities must belong to.</summary>
    public string? SubjectDomain { get; init; }

    /// <summary>For <see cref="IssuerType.Spiffe"/>: the trust domain SPIFFE IDs must belong to.</summary>
    public string? SpiffeTrustDomain { get; init; }

    /// <summary>For <see cref="IssuerType.CiProvider"/>: the name of the <see cref="CiProviderTemplate"/> to apply.</summary>
    public string? CiProvider { get; init; }

    /// <summary>The claim the proof of possession is computed over for this issuer.</summary>
    public string EffectiveChallengeClaim => ChallengeClaim ?? (Type == IssuerType.Email ? "email" : "sub");
}
