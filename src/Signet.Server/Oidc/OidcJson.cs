using System.Text.Json.Serialization;

namespace Signet.Server.Oidc;

/// <summary>RFC 6749 §5.1 successful token response (OpenID Connect Core §3.1.3.3 adds <c>id_token</c>).</summary>
internal sealed record TokenResponse(string AccessToken, string IdToken, string TokenType, int ExpiresIn);

/// <summary>RFC 6749 §5.2 error response.</summary>
internal sealed record TokenError(string Error, string ErrorDescription);

/// <summary>RFC 8628 §3.2 device authorization response.</summary>
internal sealed record DeviceAuthorizationResponse(
    string DeviceCode, string UserCode, string VerificationUri, string VerificationUriComplete, int ExpiresIn, int Interval);

/// <summary>Source-generated JSON for the development issuer's responses (names in RFC 6749's snake case).</summary>
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TokenError))]
[JsonSerializable(typeof(DeviceAuthorizationResponse))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class OidcJsonContext : JsonSerializerContext;
