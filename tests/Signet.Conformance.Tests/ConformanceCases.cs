namespace Signet.Conformance.Tests;

/// <summary>The sigstore-conformance bundle-verify cases copied into TestData (see TestData/README.md).</summary>
public static class ConformanceCases
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData", "conformance", "bundle-verify");

    public static string ProductionTrustedRoot => Path.Combine(AppContext.BaseDirectory, "TestData", "production_trusted_root.json");

    public static IReadOnlyList<string> Names { get; } =
        Directory.GetDirectories(Root).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

    public static bool ExpectPass(string name) => !name.EndsWith("fail", StringComparison.Ordinal);

    /// <summary>
    /// The failing cases whose input is malformed (exit 3, invalid input): JSON that is not a bundle, bytes that are
    /// not base64, an empty certificate chain, a negative index, an unknown media type, a key file whose point is
    /// not on the curve, a trusted root whose validity range has no start. Every other failing case is well-formed
    /// content that does not verify (exit 1), including an unsigned checkpoint, a log entry whose envelope signature
    /// is not the double-base64 Rekor stores, and a timestamp whose TSA certificate had expired.
    /// </summary>
    public static IReadOnlySet<string> InvalidInput { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bundle-empty-certificate-chain_fail",
        "bundle-invalid-base64-signature_fail",
        "bundle-malformed-json_fail",
        "bundle-negative-log-index_fail",
        "bundle-unknown-version_fail",
        "managed-key-wrong-key_fail",
        "trust-root-tlog-missing-validity-start_fail",
    };

    public static string Dir(string name) => Path.Combine(Root, name);

    public static IEnumerable<object[]> All() => Names.Select(n => new object[] { n });
}
