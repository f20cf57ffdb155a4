namespace Signet.Ca.Tokens;

/// <summary>Deployment settings of <see cref="IdentityTokenVerifier"/>; immutable, validated once.</summary>
public sealed record TokenVerifierOptions
{
    /// <summary>Tolerance on exp/nbf/iat for clocks that drift (Fulcio allows about a minute).</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Least time between two refreshes of an issuer's discovery/JWKS triggered by an unknown key id.</summary>
    public TimeSpan MinimumRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long discovery and keys are cached before they are fetched again regardless.</summary>
    public TimeSpan CacheLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Tokens longer than this are refused unread.</summary>
    public int MaxTokenLength { get; init; } = 64 * 1024;

    /// <summary>Most distinct meta-issuer URLs whose keys are cached at once.</summary>
    public int MaxCachedIssuers { get; init; } = 1024;

    /// <summary>The only signature algorithms accepted: asymmetric ones. HMAC and <c>none</c> are never in this list.</summary>
    public static IReadOnlyList<string> AcceptedAlgorithms { get; } = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];
}
