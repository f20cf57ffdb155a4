using System.Text;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Oci;

/// <summary>
/// Credentials from docker's <c>config.json</c> (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>):
/// <c>auths[host].auth</c> (base64 <c>user:password</c>), <c>username</c>/<c>password</c>, <c>identitytoken</c>, and the
/// credential helpers <c>credHelpers[host]</c> / <c>credsStore</c> (<c>docker-credential-NAME get</c>, docker-credential-helpers protocol).
/// </summary>
public sealed class DockerConfigCredentials : IRegistryCredentialSource
{
    /// <summary>The largest config file read.</summary>
    public const int MaxConfigBytes = 1 << 20;

    // config.json and a helper's answer: a few dozen registries at most.
    internal static readonly JsonLimits ConfigLimits = new(MaxConfigBytes, 32, 10_000);
    private readonly Dictionary<string, RegistryCredential> _auths = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _helpers = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _credsStore;

    private DockerConfigCredentials(ReadOnlySpan<byte> json, string path)
    {
        // StrictJson: a string that is not valid Unicode is refused here, naming its field, not when it is read.
        // It holds registry passwords: StrictJson.ParseSecret never quotes the text it could not read.
        using (var doc = StrictJson.ParseSecret(json.ToArray(), $"docker config {path}", ConfigLimits))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SignetFormatException($"docker config {path}: not a JSON object");
            }

            if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in auths.EnumerateObject())
                {
                    var credential = ReadAuth(entry.Value, $"docker config {path}: auths[{entry.Name}]");
                    if (credential is not null)
                    {
                        _auths[NormalizeKey(entry.Name)] = credential;
                    }
                }
            }

            if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in helpers.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String)
                    {
                        _helpers[NormalizeKey(entry.Name)] = entry.Value.GetString()!;
                    }
                }
            }

            if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String)
            {
                _credsStore = store.GetString();
            }
        }
    }

    /// <summary>Parses a config.json document (for tests and callers that read the file themselves).</summary>
    public static DockerConfigCredentials Parse(ReadOnlySpan<byte> json, string path = "config.json") => new(json, path);

    /// <summary>Loads the default config file; a missing file means no credentials.</summary>
    public static DockerConfigCredentials? LoadDefault() => DefaultPath() is { } path ? Load(path) : null;

    /// <summary><c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>; null without a home directory.</summary>
    public static string? DefaultPath()
    {
        var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(dir))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }

            dir = Path.Combine(home, ".docker");
        }

        return Path.Combine(dir, "config.json");
    }

    /// <summary>Loads <paramref name="path"/>; a missing file means no credentials.</summary>
    public static DockerConfigCredentials? Load(string path)
    {
        return File.Exists(path) ? new DockerConfigCredentials(ReadFile(path), path) : null;
    }

    /// <summary>The bytes of a config file, at most 1 MiB; the file a link leads to (a mounted Secret's
    /// <c>config.json</c> is one) is what is measured and read.</summary>
    private static byte[] ReadFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (file.Length > MaxConfigBytes)
        {
            throw new SignetFormatException($"docker config {path}: larger than {MaxConfigBytes} bytes");
        }

        var json = new byte[file.Length];
        file.ReadExactly(json);
        return json;
    }

    /// <summary>The credential for <paramref name="registry"/> (host[:port]): a credential helper's answer when one is configured for it, else the stored <c>auth</c>, else null.</summary>
    public RegistryCredential? Find(string registry)
    {
        var key = NormalizeKey(registry);
        if (_helpers.TryGetValue(key, out var helper))
        {
            return CredentialHelper.Get(helper, HelperServerUrl(registry));
        }

        if (_auths.TryGetValue(key, out var credential))
        {
            return credential;
        }

        return _credsStore is { Length: > 0 } ? CredentialHelper.Get(_credsStore, HelperServerUrl(registry)) : null;
    }

    // docker keys Docker Hub as "https://index.docker.io/v1/"; other registries by host[:port], sometimes with a scheme or path.
    private static string NormalizeKey(string key)
    {
        var k = key.Trim();
        if (k.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            k = k[8..];
        }
        else if (k.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            k = k[7..];
        }

        var slash = k.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            k = k[..slash];
        }

        return k is "index.docker.io" or "registry-1.docker.io" or "docker.io" ? "docker.io" : k;
    }

    private static string HelperServerUrl(string registry) =>
        NormalizeKey(registry) == "docker.io" ? "https://index.docker.io/v1/" : registry;

    private static RegistryCredential? ReadAuth(JsonElement e, string what)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var identityToken = Str("identitytoken");
        var auth = Str("auth");
        string? user = Str("username"), password = Str("password");
        if (!string.IsNullOrEmpty(auth))
        {
            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(auth);
            }
            catch (FormatException ex)
            {
                throw new SignetFormatException($"{what}.auth: not base64", ex);
            }

            var text = Encoding.UTF8.GetString(raw);
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new SignetFormatException($"{what}.auth: not base64 of user:password");
            }

            user = text[..colon];
            password = text[(colon + 1)..];
        }

        if (!string.IsNullOrEmpty(identityToken))
        {
            return new RegistryCredential(user ?? "<token>", password ?? "", identityToken);
        }

        return user is null || password is null ? null : new RegistryCredential(user, password);
    }
}
