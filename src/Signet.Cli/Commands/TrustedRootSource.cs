using Signet.Core.Bundle;
using Signet.Core.Verification;

namespace Signet.Cli.Commands;

/// <summary>
/// Where verification's trust comes from: a <c>--trusted-root</c> file, or the Sigstore public-good production
/// trusted root embedded in the tool (from @sigstore/tuf 5.0.1 seeds.json; see Resources/README.md).
/// </summary>
internal static class TrustedRootSource
{
    private const string ProductionResource = "Signet.Cli.Resources.production_trusted_root.json";

    private static readonly Lazy<TrustedMaterial> Production = new(() => TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(ProductionBytes())));

    public static TrustedMaterial Load(string? path)
        => path is null ? Production.Value : TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(CliFiles.Read(path, "trusted root", TrustedRoot.MaxSize)));

    public static byte[] ProductionBytes()
    {
        using var s = typeof(TrustedRootSource).Assembly.GetManifestResourceStream(ProductionResource)
            ?? throw new InvalidOperationException("the embedded production trusted root is missing from the build");
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
