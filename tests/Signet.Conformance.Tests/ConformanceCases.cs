namespace Signet.Conformance.Tests;

/// <summary>The sigstore-conformance bundle-verify cases copied into TestData (see TestData/README.md).</summary>
public static class ConformanceCases
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData", "conformance", "bundle-verify");

    public static string ProductionTrustedRoot => Path.Combine(AppContext.BaseDirectory, "TestData", "production_trusted_root.json");

    public static IReadOnlyList<string> Names { get; } =
        Directory.GetDirectories(Root).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

    public static bool ExpectPass(string name) => !name.EndsWith("fail", StringComparison.Ordinal);

    public static string Dir(string name) => Path.Combine(Root, name);

    public static IEnumerable<object[]> All() => Names.Select(n => new object[] { n });
}
