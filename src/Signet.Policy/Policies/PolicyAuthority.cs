using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Policy.Rules;

namespace Signet.Policy.Policies;

/// <summary>One authority of a policy (ClusterImagePolicy <c>spec.authorities[]</c>): any one passing admits.</summary>
/// <param name="Name">Its name (<c>authority-N</c> when the file gives none), which results report.</param>
public abstract record PolicyAuthority(string Name)
{
    /// <summary>What kind of authority (keyless, key, static), for output.</summary>
    public abstract string Kind { get; }
}

/// <summary>Signatures or attestations must come from a Fulcio certificate with one of the identities.</summary>
/// <param name="Name">The authority's name.</param>
/// <param name="Identities">Any one of these must match the certificate (issuer and subject, exact or regular expression).</param>
/// <param name="FulcioUrl">When set, only the trusted root's certificate authority with this URI (<c>keyless.url</c>).</param>
/// <param name="CtlogUrl">When set, only the trusted root's transparency log with this base URL (<c>ctlog.url</c>).</param>
/// <param name="Attestations">Attestations required instead of signatures, when any.</param>
public sealed record KeylessAuthority(string Name, IReadOnlyList<CertificateIdentity> Identities, string? FulcioUrl, string? CtlogUrl,
    IReadOnlyList<AttestationRequirement> Attestations) : PolicyAuthority(Name)
{
    /// <inheritdoc/>
    public override string Kind => "keyless";
}

/// <summary>Signatures or attestations must verify with a public key (<c>key.data</c>).</summary>
/// <param name="Name">The authority's name.</param>
/// <param name="Key">The key.</param>
/// <param name="CtlogUrl">When set, only the trusted root's transparency log with this base URL.</param>
/// <param name="Attestations">Attestations required instead of signatures, when any.</param>
public sealed record KeyAuthority(string Name, VerificationKey Key, string? CtlogUrl, IReadOnlyList<AttestationRequirement> Attestations)
    : PolicyAuthority(Name)
{
    /// <inheritdoc/>
    public override string Kind => "key";
}

/// <summary>Passes or fails whatever the image (<c>static.action</c>).</summary>
/// <param name="Name">The authority's name.</param>
/// <param name="Pass">True for <c>pass</c>, false for <c>fail</c>.</param>
/// <param name="Message">The message a failure gives, when set.</param>
public sealed record StaticAuthority(string Name, bool Pass, string? Message) : PolicyAuthority(Name)
{
    /// <inheritdoc/>
    public override string Kind => "static";
}

/// <summary>An attestation an authority requires: its predicate type, and a CEL rule it must satisfy when given.</summary>
/// <param name="Name">Its name, which results report.</param>
/// <param name="PredicateType">The predicate type URI (cosign's short names are expanded when read).</param>
/// <param name="Rule">The rule (<c>policy: {type: cel, data: …}</c>), or null when any verified attestation of the type will do.</param>
public sealed record AttestationRequirement(string Name, string PredicateType, CelRule? Rule);
