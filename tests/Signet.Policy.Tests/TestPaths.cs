using Signet.Core.Verification;

namespace Signet.Policy.Tests;

/// <summary>Test data under the output directory, and the production trusted root decoded once for every test.</summary>
internal static class TestPaths
{
    public static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    private static readonly Lazy<TrustedMaterial> Production = new(() => TrustedMaterial.Parse(File.ReadAllBytes(Data("production_trusted_root.json"))));

    /// <summary>The public-good trusted root the slsa-verifier fixtures were signed under.</summary>
    public static TrustedMaterial ProductionRoot => Production.Value;
}
