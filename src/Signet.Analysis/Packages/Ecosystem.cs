namespace Signet.Analysis.Packages;

/// <summary>The package ecosystems <c>signet analyze</c> reads.</summary>
public enum Ecosystem
{
    Npm,
    PyPI,
    NuGet,
    RubyGems,
}

/// <summary>Ecosystem names as OpenSSF package-analysis spells them (<c>npm</c>, <c>pypi</c>, <c>nuget</c>, <c>rubygems</c>).</summary>
public static class EcosystemNames
{
    public static string Name(this Ecosystem e) => e switch
    {
        Ecosystem.Npm => "npm",
        Ecosystem.PyPI => "pypi",
        Ecosystem.NuGet => "nuget",
        _ => "rubygems",
    };
}
