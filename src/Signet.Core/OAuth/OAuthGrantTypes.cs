namespace Signet.Core.OAuth;

/// <summary>
/// The OAuth 2.0 <c>grant_type</c> values of the interactive logins, in one place for the client that sends them and
/// the development issuer that accepts and advertises them.
/// </summary>
public static class OAuthGrantTypes
{
    /// <summary>RFC 6749 §4.1.3: redeeming an authorization code (with the RFC 7636 PKCE verifier).</summary>
    public const string AuthorizationCode = "authorization_code";

    /// <summary>RFC 8628 §3.4: polling with a device code.</summary>
    public const string DeviceCode = "urn:ietf:params:oauth:grant-type:device_code";
}
