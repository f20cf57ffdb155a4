using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signet.Core;
using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>
/// A role that targets metadata delegates to (TUF §4.5 "delegations"): its keys and threshold, whether the search
/// stops at it (<c>terminating</c>), and which target paths it may sign for (<c>paths</c> or <c>path_hash_prefixes</c>).
/// </summary>
public sealed record DelegatedRole(string Name, TufRole Role, bool Terminating, IReadOnlyList<string>? Paths,
    IReadOnlyList<string>? PathHashPrefixes)
{
    /// <summary>
    /// Whether this role is trusted for <paramref name="targetPath"/> (TUF §4.5): a <c>paths</c> pattern matches
    /// segment by segment with shell wildcards (<c>*</c> does not cross <c>/</c>), or the hex SHA-256 of the path starts
    /// with one of <c>path_hash_prefixes</c>.
    /// </summary>
    public bool IsDelegatedPath(string targetPath)
    {
        if (Paths is not null)
        {
            var segments = targetPath.Split('/');
            return Paths.Any(pattern =>
            {
                var parts = pattern.Split('/');
                return parts.Length == segments.Length && parts.Zip(segments).All(p => ShellWildcard.IsMatch(p.First, p.Second));
            });
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(targetPath)));
        return PathHashPrefixes!.Any(prefix => hash.StartsWith(prefix, StringComparison.Ordinal));
    }
}

/// <summary>The <c>delegations</c> of a targets metadata file: keys and the ordered delegated roles (TUF §4.5).</summary>
public sealed record Delegations(IReadOnlyDictionary<string, TufKey> Keys, IReadOnlyList<DelegatedRole> Roles)
{
    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "root", "timestamp", "snapshot", "targets" };

    public static Delegations Parse(JsonElement element, string what)
    {
        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var k in TufJson.Object(element, "keys", what).EnumerateObject())
        {
            keys[k.Name] = TufKey.Parse(k.Value, $"{what} key {k.Name}");
        }

        var roles = new List<DelegatedRole>();
        foreach (var r in TufJson.Array(element, "roles", what).EnumerateArray())
        {
            var name = TufJson.String(r, "name", what + " role");
            var w = $"{what} role {name}";
            if (TopLevel.Contains(name) || roles.Any(x => x.Name == name) || name.Length == 0 || name.Length > 255)
            {
                throw new SignetFormatException($"{w}: name is a top-level role, empty, too long, or repeated");
            }

            var hasPaths = r.TryGetProperty("paths", out _);
            var hasPrefixes = r.TryGetProperty("path_hash_prefixes", out _);
            if (hasPaths == hasPrefixes)
            {
                // TUF §4.5: exactly one of "paths" and "path_hash_prefixes".
                throw new SignetFormatException($"{w}: needs exactly one of \"paths\" and \"path_hash_prefixes\"");
            }

            roles.Add(new DelegatedRole(name, TufRole.Parse(r, w), TufJson.Boolean(r, "terminating", w),
                hasPaths ? Strings(r, "paths", w) : null, hasPrefixes ? Strings(r, "path_hash_prefixes", w) : null));
        }

        return new Delegations(keys, roles);
    }

    private static List<string> Strings(JsonElement parent, string name, string what) =>
        TufJson.Array(parent, name, what).EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new SignetFormatException($"{what}: \"{name}\" holds a non-string"))
            .ToList();
}
