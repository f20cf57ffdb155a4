using Signet.Analysis.Packages;
using Signet.Core;

namespace Signet.Analysis.Registry;

/// <summary>A package named on the command line: <c>npm:NAME@VERSION</c> or <c>nuget:ID@VERSION</c> (npm scopes allowed: <c>npm:@s/n@1.0.0</c>).</summary>
public sealed record PackageSpec(Ecosystem Ecosystem, string Name, string Version)
{
    public static bool IsSpec(string target) => target.StartsWith("npm:", StringComparison.Ordinal) || target.StartsWith("nuget:", StringComparison.Ordinal);

    public static PackageSpec Parse(string target)
    {
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        var ecosystem = colon > 0 ? target[..colon] switch
        {
            "npm" => Ecosystem.Npm,
            "nuget" => Ecosystem.NuGet,
            _ => (Ecosystem?)null,
        } : null;
        var rest = colon > 0 ? target[(colon + 1)..] : string.Empty;
        var at = rest.LastIndexOf('@');
        if (ecosystem is null || at <= 0 || at == rest.Length - 1)
        {
            throw new SignetFormatException($"'{target}': expected npm:NAME@VERSION or nuget:ID@VERSION");
        }

        var name = rest[..at];
        var version = rest[(at + 1)..];
        if (name.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '\\') || name.Contains("..", StringComparison.Ordinal)
            || version.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+')))
        {
            throw new SignetFormatException($"'{target}': the name or version has characters no registry allows");
        }

        return new PackageSpec(ecosystem.Value, name, version);
    }

    public override string ToString() => $"{Ecosystem.Name()}:{Name}@{Version}";
}
