using System.CommandLine;

namespace Signet.Cli.Commands;

/// <summary>Every top-level command of the <c>signet</c> tool, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return ServeCommand.Create();
        yield return TrustCommands.Create();
        yield return TufCommands.Create();
        yield return Signing.QuickstartCommand.Create();
        yield return Signing.SignCommand.Create();
        yield return Signing.AttestCommand.Create();
        yield return Signing.SignBundleCommand.Create();
        yield return Signing.GenerateKeyPairCommand.Create();
        yield return Signing.ImportKeyPairCommand.Create();
        yield return Signing.ProvenanceCommand.Create();
        yield return LogCommands.Create();
        yield return DevTokenCommand.Create();
        yield return ImageCommands.Create();
        yield return CheckpointCommands.Create();
        yield return VerifyCommands.CreateVerify();
        yield return VerifyCommands.CreateVerifyAttestation();
        yield return VerifyCommands.CreateVerifyBundle();
        yield return BundleCommands.Create();
        yield return AnalyzeCommand.Create();
    }
}
