using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Oci;

/// <summary>
/// Answers a registry's 401 challenge: Basic with the credential, or Bearer by fetching a token from the realm
/// (Docker token authentication: GET realm?service=&amp;scope= with Basic credentials or anonymously; OAuth2
/// refresh-token POST when the credential is an identity token). Tokens are cached per scope until they expire.
/// </summary>
internal sealed class RegistryAuthenticator(string registry, RegistryClientOptions options, HttpClient http)
{
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    // A token answer is a few KB (a JWT or two and their lifetimes).
    private static readonly JsonLimits TokenAnswerLimits = new(1 << 20, 8, 64);
    private readonly Dictionary<string, (AuthenticationHeaderValue Header, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    // Looked up at each challenge (nothing is sent before one): a credential rotated in the source (WatchedDockerConfig)
    // is used from the next 401 on, without a new client; a credential helper runs once per challenge, not per request.
    private volatile RegistryCredential? _credential;
    private volatile bool _useBasic;

    /// <summary>The Authorization header for a request needing <paramref name="scope"/>, if one is known.</summary>
    public AuthenticationHeaderValue? HeaderFor(string scope)
    {
        lock (_lock)
        {
            if (_tokens.TryGetValue(scope, out var t) && t.Expires > options.TimeProvider.GetUtcNow())
            {
                return t.Header;
            }
        }

        var credential = _credential;
        return _useBasic && credential is not null ? BasicHeader(credential) : null;
    }

    /// <summary>Obtains what <paramref name="challenge"/> asks for; false when there is nothing to try (anonymous Basic).</summary>
    public async Task<bool> AuthenticateAsync(AuthChallenge challenge, string scope, Uri requestUri, CancellationToken cancellationToken)
    {
        _credential = options.Credentials?.Find(registry);
        if (challenge.IsBasic)
        {
            if (_credential is null)
            {
                return false;
            }

            // Never send a password in the clear to a remote host.
            RegistryEndpoint.RequireSecure(requestUri, options.AllowInsecure, $"registry {registry}: basic authentication to");
            _useBasic = true;
            return true;
        }

        if (!challenge.IsBearer || string.IsNullOrEmpty(challenge.Realm))
        {
            return false;
        }

        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != "https" && realm.Scheme != "http"))
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"registry {registry}: bearer realm '{challenge.Realm}' is not an http(s) URL");
        }

        RegistryEndpoint.RequireSecure(realm, options.AllowInsecure, $"registry {registry}: token realm");
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (challenge.Scope is { Length: > 0 } asked && !scopes.Contains(asked))
        {
            scopes.Add(asked);
        }

        var token = await FetchTokenAsync(realm, challenge.Service, scopes, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _tokens[scope] = token;
        }

        return true;
    }

    private async Task<(AuthenticationHeaderValue, DateTimeOffset)> FetchTokenAsync(Uri realm, string? service, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        TokenResponse? parsed;
        using var request = BuildTokenRequest(realm, service, scopes);
        var endpoint = $"registry {registry}: token service {realm.GetLeftPart(UriPartial.Path)}";
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new RegistryException(RegistryErrorKind.Unreachable, $"{endpoint} is unreachable: {e.Message}", inner: e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var kind = response.StatusCode is System.Net.HttpStatusCode.Unauthorized ? RegistryErrorKind.Unauthorized : RegistryErrorKind.Denied;
                var hint = _credential is null ? "; give --registry-username/--registry-password or log in with docker login" : "; check the registry credentials";
                throw new RegistryException(kind,
                    $"{endpoint} refused {string.Join(' ', scopes)} with {(int)response.StatusCode} {response.ReasonPhrase}{hint}",
                    response.StatusCode);
            }

            byte[] body;
            try
            {
                body = await ResponseBody.ReadAsync(response, TokenAnswerLimits.MaxBytes, http.Timeout,
                    _ => new RegistryException(RegistryErrorKind.Protocol, $"{endpoint} answered with more than {TokenAnswerLimits.MaxBytes} bytes"),
                    ct).ConfigureAwait(false);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new RegistryException(RegistryErrorKind.Unreachable,
                    $"{endpoint} did not send its whole answer within {http.Timeout.TotalSeconds:0.#} s", inner: e);
            }

            parsed = ParseToken(body, endpoint);
        }

        var token = parsed?.Token ?? parsed?.AccessToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"registry {registry}: token service answered without a token");
        }

        var lifetime = parsed!.ExpiresIn is > 0 ? TimeSpan.FromSeconds(parsed.ExpiresIn.Value) : DefaultTokenLifetime;
        // Renew a little early so that a token does not expire between the check and the request.
        var expires = options.TimeProvider.GetUtcNow() + lifetime - TimeSpan.FromSeconds(Math.Min(10, lifetime.TotalSeconds / 4));
        return (new AuthenticationHeaderValue("Bearer", token), expires);
    }

    // The answer holds a credential: read strictly, and no error quotes it (StrictJson.ParseSecret, the serializer's
    // messages name only the path of a member of the wrong kind).
    internal static TokenResponse? ParseToken(byte[] body, string endpoint)
    {
        try
        {
            using var doc = StrictJson.ParseSecret(body, $"{endpoint}'s answer", TokenAnswerLimits);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.Deserialize(OciJsonContext.Default.TokenResponse)
                : throw new RegistryException(RegistryErrorKind.Protocol, $"{endpoint} answered with JSON that is not an object");
        }
        catch (SignetFormatException e)
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"{endpoint} answered with something that is not JSON ({e.Message})", inner: e);
        }
        catch (JsonException e)
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"{endpoint} answered with a member of the wrong kind ({e.Path})", inner: e);
        }
    }

    private HttpRequestMessage BuildTokenRequest(Uri realm, string? service, IReadOnlyList<string> scopes)
    {
        var credential = _credential;
        if (credential?.IdentityToken is { Length: > 0 } refresh)
        {
            // OAuth2 refresh-token grant (Docker token spec, oauth.md).
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
                new("refresh_token", refresh),
                new("client_id", "signet"),
            };
            if (service is not null)
            {
                form.Add(new("service", service));
            }

            form.Add(new("scope", string.Join(' ', scopes)));
            return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }

        var query = new StringBuilder();
        if (service is not null)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service));
        }

        foreach (var s in scopes)
        {
            query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(s));
        }

        var builder = new UriBuilder(realm);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? query.ToString() : builder.Query.TrimStart('?') + "&" + query;
        var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credential is not null)
        {
            request.Headers.Authorization = BasicHeader(credential);
        }

        return request;
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential c) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}")));
}
