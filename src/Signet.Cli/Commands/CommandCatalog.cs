using System.CommandLine;

namespace Signet.Cli.Commands;

/// <summary>Every top-level command of the <c>signet</c> tool, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    /// <param name="time">The clock of every command that reads the time (signing, trust, provenance).</param>
    public static IEnumerable<Command> All(TimeProvider time)
    {
        yield return ServeCommand.Create();
        yield return TrustCommands.Create(time);
        yield return TrustedRootCommands.Create();
        yield return TufCommands.Create();
        yield return Signing.QuickstartCommand.Create(time);
        yield return Signing.SignCommand.Create(time);
        yield return Signing.AttestCommand.Create(time);
        yield return Signing.SignBundleCommand.Create(time);
        yield return Signing.GenerateKeyPairCommand.Create();
        yield return Signing.ImportKeyPairCommand.Create();
        yield return Signing.PublicKeyCommand.Create();
        yield return Signing.ProvenanceCommand.Create(time);
        yield return LogCommands.Create();
        yield return DevTokenCommand.Create();
        yield return ImageCommands.Create(time);
        yield return CheckpointCommands.Create();
        yield return WitnessCommands.Create();
        yield return VerifyCommands.CreateVerify(time);
        yield return VerifyCommands.CreateVerifyAttestation();
        yield return VerifyCommands.CreateVerifyBundle();
        yield return ProvenanceCommands.CreateVerifyProvenance();
        yield return PolicyCommands.Create(time);
        yield return AdmissionCommands.Create();
        yield return BundleCommands.Create(time);
        yield return Ecosystems.NuGetCommands.Create(time);
        yield return Ecosystems.PypiCommand.Create();
        yield return Ecosystems.NpmCommand.Create();
        yield return AnalyzeCommand.Create();
    }

    /// <summary>A command that only groups <paramref name="subcommands"/> (<c>signet image</c>, <c>signet tuf</c>, …).</summary>
    public static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description);
        foreach (var c in subcommands)
        {
            group.Subcommands.Add(c);
        }

        return group;
    }
}
