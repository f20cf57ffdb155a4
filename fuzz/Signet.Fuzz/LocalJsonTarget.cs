using Signet.Ca.Issuers;
using Signet.Client.Monitoring;
using Signet.Core.InToto;
using Signet.Oci;

namespace Signet.Fuzz;

/// <summary>
/// JSON files the tools read from the machine: docker's <c>config.json</c> (<see cref="DockerConfigCredentials"/>), the
/// log monitor's state file (<see cref="LogMonitorStateFile"/>), the CA's issuer configuration
/// (<see cref="IssuerConfigurationFile"/>, Fulcio's shape) and a predicate to attest
/// (<see cref="InTotoStatement.ParsePredicate"/>).
/// </summary>
internal static class LocalJsonTarget
{
    private static readonly Lazy<string> StateFile = new(() => Path.Combine(Directory.CreateTempSubdirectory("signet-fuzz-state-").FullName, "state.json"));

    public static void Run(byte[] data) => FuzzTargets.Each(data,
        d => DockerConfigCredentials.Parse(d),
        d => IssuerConfigurationFile.Parse(d),
        d => InTotoStatement.ParsePredicate(d),
        d =>
        {
            File.WriteAllBytes(StateFile.Value, d);
            _ = new LogMonitorStateFile(StateFile.Value).Load();
        });
}
