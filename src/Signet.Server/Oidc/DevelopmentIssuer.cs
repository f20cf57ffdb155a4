using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Signet.Core.Keys;
using Signet.Core.OAuth;
using Signet.Files;

namespace Signet.Server.Oidc;

/// <summary>
/// A real OIDC issuer for development and tests: an ES256 key kept in the data directory, discovery and JWKS, and
/// tokens for a requested test identity. Email tokens (issuer <c>&lt;base&gt;/oidc</c>) carry <c>email</c>,
/// <c>email_verified: true</c> and <c>sub</c> = the address; workflow tokens (issuer <c>&lt;base&gt;/oidc/github-actions</c>)
/// carry GitHub Actions' claim set. Never for production: anyone who can reach it gets any identity.
/// </summary>
public sealed class DevelopmentIssuer : IDisposable
{
    public const string EmailPath = "/oidc";
    public const string GithubActionsPath = "/oidc/github-actions";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ECDsa _key;
    private readonly ECDsaSecurityKey _securityKey;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _time;
    private readonly TextWriter? _warnings;

    /// <summary>An issuer signing with <paramref name="key"/>; every token issued is announced on <paramref name="warnings"/> if given.</summary>
    public DevelopmentIssuer(ECDsa key, TimeProvider time, TextWriter? warnings = null)
    {
        _key = key;
        _time = time;
        _warnings = warnings;
        var spki = key.ExportSubjectPublicKeyInfo();
        KeyId = Base64UrlEncoder.Encode(SHA256.HashData(spki)[..12]);
        _securityKey = new ECDsaSecurityKey(key) { KeyId = KeyId };
    }

    public string KeyId { get; }

    /// <summary>Loads the issuer key from <paramref name="path"/>, creating it (0600) on first use.</summary>
    public static DevelopmentIssuer LoadOrCreate(string path, TimeProvider time, TextWriter? warnings = null)
    {
        if (File.Exists(path))
        {
            return new DevelopmentIssuer(EcPrivateKeyPem.Import(File.ReadAllText(path), path), time, warnings);
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            DurableFile.CreateNew(path, key.ExportPkcs8PrivateKeyPem() + "\n");
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return new DevelopmentIssuer(key, time, warnings);
    }

    /// <summary>The JWKS document (RFC 7517 §5) with the one EC signing key.</summary>
    public string JwksJson()
    {
        var p = _key.ExportParameters(false);
        return $$"""{"keys":[{"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":"{{KeyId}}","x":"{{Base64UrlEncoder.Encode(p.Q.X)}}","y":"{{Base64UrlEncoder.Encode(p.Q.Y)}}"}]}""";
    }

    /// <summary>OpenID Connect Discovery 1.0 §3 metadata for <paramref name="issuer"/>. The email issuer also
    /// advertises its interactive endpoints: authorization (RFC 8414 §2, with PKCE S256) and device authorization
    /// (RFC 8628 §4); the workflow issuer only mints on request.</summary>
    public static string DiscoveryJson(string issuer, string baseUrl, bool interactive)
    {
        var interactiveFields = interactive
            ? $"\"authorization_endpoint\":\"{baseUrl}/oidc/auth\",\"device_authorization_endpoint\":\"{baseUrl}/oidc/device/code\","
              + $"\"grant_types_supported\":[\"{OAuthGrantTypes.AuthorizationCode}\",\"{OAuthGrantTypes.DeviceCode}\"],"
              + "\"code_challenge_methods_supported\":[\"S256\"],\"scopes_supported\":[\"openid\",\"email\"],\"response_types_supported\":[\"code\",\"id_token\"],"
            : "\"response_types_supported\":[\"id_token\"],";
        return $$"""{"issuer":"{{issuer}}","jwks_uri":"{{baseUrl}}/oidc/jwks","token_endpoint":"{{baseUrl}}/oidc/token",{{interactiveFields}}"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["ES256"],"claims_supported":["sub","email","email_verified","iss","aud","exp","iat","nbf","nonce"]}""";
    }

    /// <summary>An email identity token: sub = email, email_verified = true; <paramref name="nonce"/> echoes the
    /// authentication request's (OpenID Connect Core §3.1.2.1, §2).</summary>
    public string MintEmailToken(string baseUrl, string email, string audience, string? nonce = null)
    {
        CheckEmail(email);
        var claims = new Dictionary<string, object>
        {
            ["email"] = email,
            ["email_verified"] = true,
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return Mint(baseUrl + EmailPath, email, audience, claims);
    }

    /// <summary>Refuses anything that is not plausibly one email address.</summary>
    public static void CheckEmail(string email)
    {
        if (email.Length is 0 or > 254 || email.IndexOf('@', StringComparison.Ordinal) <= 0 || email.Any(char.IsWhiteSpace))
        {
            throw HttpProblemException.BadRequest($"email '{email}' is not an address");
        }
    }

    /// <summary>A GitHub-Actions-shaped token for <c>OWNER/REPO/.github/workflows/FILE.yml@REF</c>.</summary>
    public string MintGithubWorkflowToken(string baseUrl, string workflow, string audience)
    {
        var at = workflow.LastIndexOf('@');
        var parts = at > 0 ? workflow[..at].Split('/') : [];
        if (at <= 0 || at == workflow.Length - 1 || parts.Length < 5 || parts[2] != ".github" || parts[3] != "workflows"
            || parts.Any(p => p.Length == 0) || workflow.Any(char.IsWhiteSpace))
        {
            throw HttpProblemException.BadRequest($"workflow '{workflow}' is not OWNER/REPO/.github/workflows/FILE.yml@REF");
        }

        var owner = parts[0];
        var repository = $"{parts[0]}/{parts[1]}";
        var gitRef = workflow[(at + 1)..];
        if (!gitRef.StartsWith("refs/", StringComparison.Ordinal))
        {
            gitRef = "refs/heads/" + gitRef;
        }

        var workflowRef = $"{workflow[..at]}@{gitRef}";
#pragma warning disable CA5350 // a synthetic commit id for a development token, in git's SHA-1 shape
        var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(workflowRef)));
#pragma warning restore CA5350
        var runId = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var claims = new Dictionary<string, object>
        {
            ["repository"] = repository,
            ["repository_owner"] = owner,
            ["repository_id"] = Id(repository),
            ["repository_owner_id"] = Id(owner),
            ["repository_visibility"] = "public",
            ["ref"] = gitRef,
            ["ref_type"] = gitRef.StartsWith("refs/tags/", StringComparison.Ordinal) ? "tag" : "branch",
            ["sha"] = sha,
            ["workflow"] = Path.GetFileNameWithoutExtension(parts[^1]),
            ["workflow_ref"] = workflowRef,
            ["workflow_sha"] = sha,
            ["job_workflow_ref"] = workflowRef,
            ["job_workflow_sha"] = sha,
            ["event_name"] = "push",
            ["run_id"] = runId,
            ["run_number"] = "1",
            ["run_attempt"] = "1",
            ["runner_environment"] = "github-hosted",
            ["actor"] = owner,
        };
        return Mint(baseUrl + GithubActionsPath, $"repo:{repository}:ref:{gitRef}", audience, claims);
    }

    public void Dispose() => _key.Dispose();

    private string Mint(string issuer, string subject, string audience, Dictionary<string, object> claims)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        claims["sub"] = subject;
        _warnings?.WriteLine($"signet: WARNING: development OIDC issuer issued a token for {Signet.Core.PrintableText.Escape(subject)} (issuer {issuer}, audience {Signet.Core.PrintableText.Escape(audience)}) — development only, never in production");
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_securityKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static string Id(string name) =>
        (BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0) % 900_000_000 + 100_000_000).ToString(CultureInfo.InvariantCulture);
}
