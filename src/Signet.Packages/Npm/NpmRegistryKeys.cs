using System.Globalization;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Json;
using Signet.Core.Keys;

namespace Signet.Packages.Npm;

/// <summary>One key of the npm registry: its id (<c>SHA256:…</c>), what it is for, the key, and when it may be used.</summary>
public sealed record NpmRegistryKey(string KeyId, string KeyUsage, VerificationKey Key, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil)
{
    /// <summary>The usage of the key that signs publish attestations (npm's <c>npm audit signatures</c>).</summary>
    public const string AttestationsUsage = "npm:attestations";

    /// <summary>Whether the key may be trusted at <paramref name="time"/> (both ends inclusive; an open end is unbounded).</summary>
    public bool IsValidAt(DateTimeOffset time) => (ValidFrom is null || time >= ValidFrom) && (ValidUntil is null || time <= ValidUntil);
}

/// <summary>
/// The npm registry's public keys, in the form of the Sigstore TUF target <c>registry.npmjs.org/keys.json</c>
/// (<c>{"keys": [{"keyId", "keyUsage", "publicKey": {"rawBytes": b64 SPKI, "keyDetails", "validFor": {"start", "end"}}}]}</c>)
/// or as the registry serves them at <c>/-/npm/v1/keys</c> (<c>{"keys": [{"keyid", "key": b64 SPKI, "expires"}]}</c>, the
/// keys <c>npm audit signatures</c> checks attestations with).
/// </summary>
public sealed class NpmRegistryKeys
{
    /// <summary>The largest keys document read (1 MiB).</summary>
    public const int MaxBytes = 1 << 20;

    private NpmRegistryKeys(IReadOnlyList<NpmRegistryKey> keys) => Keys = keys;

    /// <summary>Every key of the document.</summary>
    public IReadOnlyList<NpmRegistryKey> Keys { get; }

    /// <summary>The key with <paramref name="keyId"/> for <paramref name="usage"/>, or null.</summary>
    public NpmRegistryKey? Find(string keyId, string usage) =>
        Keys.FirstOrDefault(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal) && string.Equals(k.KeyUsage, usage, StringComparison.Ordinal));

    /// <summary>Parses a keys document.</summary>
    /// <exception cref="SignetFormatException">The document is malformed.</exception>
    public static NpmRegistryKeys Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
        {
            throw new SignetFormatException($"npm registry keys: larger than {MaxBytes} bytes");
        }

        try
        {
            using var doc = StrictJson.Parse(utf8Json.ToArray(), "npm registry keys", new JsonLimits(MaxBytes, 16, 1024));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                throw new SignetFormatException("npm registry keys: expected {\"keys\": [...]}");
            }

            return new NpmRegistryKeys(keys.EnumerateArray().Select((k, i) => Read(k, $"npm registry keys: keys[{i}]")).ToList());
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"npm registry keys: not JSON ({e.Message})", e);
        }
    }

    /// <summary>The keys the npm registry at <paramref name="registry"/> serves (<c>GET /-/npm/v1/keys</c>), as bytes for <see cref="Parse"/>.</summary>
    /// <exception cref="Client.Services.SigstoreServiceException">The registry is unreachable or has no keys endpoint.</exception>
    public static async Task<byte[]> FetchAsync(HttpClient http, Uri registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(registry);
        var url = new Uri(registry, "-/npm/v1/keys");
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new Client.Services.SigstoreServiceException($"the npm registry {registry.Host} has no keys at {url.AbsolutePath} ({(int)response.StatusCode}); pass --registry-keys") { StatusCode = (int)response.StatusCode };
            }

            return await Client.Services.ResponseBody.ReadAsync(response, MaxBytes, http.Timeout,
                _ => new SignetFormatException($"{url}: larger than {MaxBytes} bytes"), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new Client.Services.SigstoreServiceException($"the npm registry {registry.Host} is unreachable: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Client.Services.SigstoreServiceException($"the npm registry {registry.Host} did not answer in time", e);
        }
    }

    private static NpmRegistryKey Read(JsonElement k, string path)
    {
        if (k.ValueKind == JsonValueKind.Object && k.TryGetProperty("keyid", out _))
        {
            // The registry's own form: one key for the registry's signatures and attestations, valid until it expires.
            DateTimeOffset? expires = k.TryGetProperty("expires", out var e) && e.ValueKind == JsonValueKind.String ? Time(k, "expires", path) : null;
            try
            {
                return new NpmRegistryKey(DocumentJson.String(k, "keyid", path), NpmRegistryKey.AttestationsUsage, VerificationKey.FromSpki(DocumentJson.Base64(k, "key", path)), null, expires);
            }
            catch (SignetFormatException ex)
            {
                throw new SignetFormatException($"{path}.key: {ex.Message}", ex);
            }
        }

        var id = DocumentJson.String(k, "keyId", path);
        var usage = DocumentJson.String(k, "keyUsage", path);
        var pk = DocumentJson.Object(k, "publicKey", path);
        var spki = DocumentJson.Base64(pk, "rawBytes", $"{path}.publicKey");
        DateTimeOffset? from = null, until = null;
        if (pk.TryGetProperty("validFor", out var valid) && valid.ValueKind == JsonValueKind.Object)
        {
            from = Time(valid, "start", $"{path}.publicKey.validFor");
            until = Time(valid, "end", $"{path}.publicKey.validFor");
        }

        try
        {
            return new NpmRegistryKey(id, usage, VerificationKey.FromSpki(spki), from, until);
        }
        catch (SignetFormatException e)
        {
            throw new SignetFormatException($"{path}.publicKey: {e.Message}", e);
        }
    }

    private static DateTimeOffset? Time(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new SignetFormatException($"{path}.{name}: not an RFC 3339 time");
    }
}
