using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;
using Signet.Core.Keys;

namespace Signet.Ca.Tokens;

/// <summary>
/// Which of an issuer's published keys can have made a JWS with a given <c>alg</c> (RFC 7518 §3.1): RSA keys for
/// RS*/PS*, EC keys on the matching curve for ES256 (P-256), ES384 (P-384) and ES512 (P-521); a JWK that states its
/// own <c>alg</c> or a <c>use</c> other than <c>sig</c> (RFC 7517 §4.2, §4.4) must agree. Used for tokens without a
/// <c>kid</c>, which are tried against each fitting key in turn (go-oidc's <c>RemoteKeySet</c>).
/// </summary>
internal static class SigningKeyFit
{
    public static bool Fits(SecurityKey key, string alg)
    {
        if (key is JsonWebKey jwk && ((!string.IsNullOrEmpty(jwk.Alg) && !string.Equals(jwk.Alg, alg, StringComparison.Ordinal))
            || (!string.IsNullOrEmpty(jwk.Use) && !string.Equals(jwk.Use, "sig", StringComparison.Ordinal))))
        {
            return false;
        }

        var curve = alg switch
        {
            "ES256" => "P-256",
            "ES384" => "P-384",
            "ES512" => "P-521",
            _ => null,
        };
        var rsa = alg.StartsWith("RS", StringComparison.Ordinal) || alg.StartsWith("PS", StringComparison.Ordinal);
        return key switch
        {
            JsonWebKey j => rsa ? j.Kty == JsonWebAlgorithmsKeyTypes.RSA : curve is not null && j.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve && j.Crv == curve,
            RsaSecurityKey => rsa,
            ECDsaSecurityKey e => curve is not null && EllipticCurve.FromBits(e.ECDsa.KeySize)?.Name == curve,
            X509SecurityKey x => Fits(x.Certificate, rsa, curve),
            _ => false,
        };
    }

    private static bool Fits(X509Certificate2 certificate, bool rsa, string? curve)
    {
        if (rsa)
        {
            using var r = certificate.GetRSAPublicKey();
            return r is not null;
        }

        using var ec = certificate.GetECDsaPublicKey();
        return curve is not null && ec is not null && EllipticCurve.FromBits(ec.KeySize)?.Name == curve;
    }
}
