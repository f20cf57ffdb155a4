using System.Text.Json;
using Signet.Core;
using Signet.Core.Encoding;

namespace Signet.Client.Identity;

/// <summary>
/// An OIDC identity token as the signer sees it: the compact JWT to hand to the CA, and the claims the signer needs
/// (issuer, subject, email, expiry). The signature is not checked here — the CA verifies the token against the
/// issuer's keys; the signer only refuses tokens that are malformed or already expired.
/// </summary>
public sealed record IdentityToken(string Jwt, string Issuer, string Subject, string? Email, DateTimeOffset? Expiry)
{
    /// <summary>Upper bound on a token; real ones are a few KiB.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Decodes the claims of a compact JWT (RFC 7519 §7.2 steps 1–7, without the signature check).</summary>
    /// <exception cref="SignetFormatException">The token is not a JWT with <c>iss</c> and <c>sub</c>.</exception>
    public static IdentityToken Parse(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        jwt = jwt.Trim();
        if (jwt.Length == 0)
        {
            throw new SignetFormatException("identity token: empty");
        }

        if (jwt.Length > MaxLength)
        {
            throw new SignetFormatException($"identity token: longer than {MaxLength} characters");
        }

        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw new SignetFormatException($"identity token: not a compact JWT (expected 3 dot-separated parts, found {parts.Length})");
        }

        var payload = Base64Url.Decode(parts[1], "identity token payload");
        try
        {
            using var doc = Signet.Core.Json.StrictJson.Parse(payload, "identity token payload", Signet.Core.Json.JsonLimits.ProtobufMessage);
            var claims = doc.RootElement;
            if (claims.ValueKind != JsonValueKind.Object)
            {
                throw new SignetFormatException("identity token: the payload is not a JSON object");
            }

            var iss = StringClaim(claims, "iss") ?? throw new SignetFormatException("identity token: no 'iss' claim");
            var sub = StringClaim(claims, "sub") ?? throw new SignetFormatException("identity token: no 'sub' claim");
            DateTimeOffset? exp = null;
            if (claims.TryGetProperty("exp", out var e))
            {
                exp = e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : throw new SignetFormatException("identity token: 'exp' is not a number of seconds");
            }

            return new IdentityToken(jwt, iss, sub, StringClaim(claims, "email"), exp) { Nonce = StringClaim(claims, "nonce") };
        }
        catch (JsonException ex)
        {
            throw new SignetFormatException($"identity token: the payload is not JSON ({ex.Message})", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new SignetFormatException("identity token: 'exp' is out of range", ex);
        }
    }

    /// <summary>The <c>nonce</c> claim (OpenID Connect Core §2) a login compares with the one it sent.</summary>
    public string? Nonce { get; init; }

    /// <summary>
    /// The value the proof of possession signs: the <c>sub</c> claim (Fulcio's default challenge; sigstore-js
    /// uses <c>email</c> for the two public email issuers, and so do we).
    /// </summary>
    public string Challenge => Issuer is "https://accounts.google.com" or "https://oauth2.sigstore.dev/auth" && Email is not null
        ? Email
        : Subject;

    /// <summary>
    /// How long past its <c>exp</c> a token is still sent: the clock skew the CA allows by default
    /// (<c>TokenVerifierOptions.ClockSkew</c>), so that this machine's clock running ahead of the CA's does not refuse
    /// a token the CA would take. The CA's own check is the one that counts.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>Throws when the token expired more than <see cref="ClockSkew"/> before <paramref name="now"/>.</summary>
    /// <exception cref="IdentityTokenException">The token is expired.</exception>
    public void EnsureNotExpired(DateTimeOffset now)
    {
        if (Expiry is { } exp && exp + ClockSkew <= now)
        {
            throw new IdentityTokenException(
                $"identity token expired at {Rfc3339.Seconds(exp)} (this machine's clock says {Rfc3339.Seconds(now)}); get a fresh one");
        }
    }

    private static string? StringClaim(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
