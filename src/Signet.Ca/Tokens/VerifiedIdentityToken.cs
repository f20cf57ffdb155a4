using Signet.Ca.Identity;
using Signet.Ca.Issuers;

namespace Signet.Ca.Tokens;

/// <summary>A token whose signature, issuer, audience and lifetime all checked out, with the issuer it belongs to.</summary>
public sealed record VerifiedIdentityToken(OidcIssuer Issuer, string IssuerUrl, TokenClaims Claims);
