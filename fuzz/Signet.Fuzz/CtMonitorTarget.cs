using System.Text;
using Signet.Client.Monitoring;
using Signet.Core.Ct;
using Signet.Core.Keys;

namespace Signet.Fuzz;

/// <summary>
/// The CT monitor's reader of an RFC 6962 log (<see cref="CtMonitoredLog"/>): the input is the log's answer to every
/// request (<c>get-sth</c>, <c>get-sth-consistency</c>, <c>get-entries</c>, <c>get-proof-by-hash</c>), served in
/// process, so one input can drive a whole walk: the tree head read and verified with the log's real key, a
/// consistency proof, entries from 0 and from 1 (with the frontier from the inclusion proof) proven against the tree
/// head, and each leaf's certificate read and matched for identities. The input is also read as one <c>leaf_input</c>.
/// Seeds (fuzz/seeds/ct-monitor) are the answers of a <c>signet serve</c> CT log with three certificates.
/// </summary>
internal static class CtMonitorTarget
{
    // The CT log key of the server the seeds were taken from (its trusted_root.json), so seeds verify.
    private const string LogKeySpki = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3MMe0pAZ2IKHnbS/US4gbCqdxi1dFrWqEnB3sRU/DzCo94TMEu1+Pe7CPw0Y0cptWC2B0D/QFhtm8XBq/jSGfA==";

    // A walk reads at most this many entries (an input may claim any tree size; the real walk is bounded by the network).
    private const int MaxEntries = 600;

    private static readonly ServedAnswer Served = new();
    private static readonly Lazy<VerificationKey> LogKey = new(() => VerificationKey.FromSpki(Convert.FromBase64String(LogKeySpki)));
    private static readonly Lazy<MonitorConfig> Everyone = new(() => MonitorConfig.Parse("monitoredValues:\n  certIdentities:\n    - certSubject: .*\n"));
    private static readonly Lazy<CtMonitoredLog> Log = new(() =>
        new CtMonitoredLog(new HttpClient(Served) { BaseAddress = new Uri("http://ct.invalid/ct/v1/") }, "ct.invalid"));

    public static void Run(byte[] data)
    {
        Served.Body = data;
        FuzzTargets.Each(data,
            d => CtMerkleTreeLeaf.Parse(d),
            d => EntryMaterial.FromCtLeaf(d),
            d => Log.Value.GetConsistencyProofAsync(1, 3, CancellationToken.None).GetAwaiter().GetResult(),
            d => Log.Value.VerifyHead(new LogHead(Encoding.UTF8.GetString(d), null), LogKey.Value),
            d => Walk(d, 0),
            d => Walk(d, 1));
    }

    private static void Walk(byte[] data, ulong start)
    {
        var sth = CtMonitoredLog.ReadTreeHead(data);
        _ = sth.VerifySignature(LogKey.Value);
        var tree = new LogTreeHead(sth.TreeSize, sth.RootHash);
        var entries = Log.Value.ReadEntriesAsync(start, tree, LogKey.Value, CancellationToken.None).GetAsyncEnumerator();
        try
        {
            for (var i = 0; i < MaxEntries && entries.MoveNextAsync().AsTask().GetAwaiter().GetResult(); i++)
            {
                _ = IdentityMatcher.Match(Everyone.Value, Log.Value.ReadMaterial(entries.Current));
            }
        }
        finally
        {
            entries.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
