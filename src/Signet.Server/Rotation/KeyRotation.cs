using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;
using Signet.Core.Bundles;

namespace Signet.Server.Rotation;

/// <summary>
/// <c>signet serve --rotate log|tsa|ca|ct</c>: before the services open their keys, each named service gets a new key and
/// the entries the last written <c>DIR/trusted_root.json</c> lists for its current key are kept in
/// <see cref="RetiredTrust"/> with <c>validFor.end</c> = now (the new key's window starts then). Old files are renamed
/// <c>NAME.retired-STAMP</c> beside the new ones; an operator's key (a file or a token's) gets a new key beside it
/// (<see cref="RotatedKeys"/>). The log keeps its tree, origin and tree ID: its entries before the rotation keep the
/// signatures (SETs, checkpoints) of the old keys, so Rekor v1 and v2 bundles made before verify against the old
/// entries; new entries are signed with the new keys under new log IDs. A restart without <c>--rotate</c> keeps the
/// new keys and the closed windows.
/// </summary>
public static class KeyRotation
{
    /// <summary>The services whose keys <c>--rotate</c> replaces.</summary>
    public static readonly IReadOnlyList<string> Rotatable = ["log", "tsa", "ca", "ct"];

    /// <summary>The rotation's state under the data directory (<see cref="RetiredTrust"/>, the operator keys' record).</summary>
    public const string StateFolder = "rotation";

    /// <summary><c>DIR/log/tree-id</c>: the Rekor v1 tree ID the log keeps after its v1 key was rotated.</summary>
    public const string TreeIdFile = "tree-id";

    /// <summary>Throws <see cref="ArgumentException"/> for a service that cannot be rotated or does not run.</summary>
    /// <param name="options">The server's options.</param>
    public static void Validate(SignetServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var s in options.Rotate)
        {
            if (!Rotatable.Contains(s))
            {
                throw new ArgumentException($"--rotate {s}: only {string.Join(", ", Rotatable)} keys are rotated");
            }

            if (!options.Runs(s))
            {
                throw new ArgumentException($"--rotate {s}: the {s} service is not among --services");
            }
        }
    }

    /// <summary>
    /// The time of a rotation starting now: the next whole second, once it has come (this waits up to a second). Whole,
    /// since Rekor v1 integrated times have no fraction; the next one, since SCTs and RFC 3161 times have fractions. So
    /// all the old keys signed, before this start, is inside their windows, and all the new keys sign, after it, in theirs
    /// (before, a window ended at the second begun, and a certificate whose SCT the old CT key signed in that second,
    /// before a quick restart, verified against neither key).
    /// </summary>
    /// <param name="time">The clock.</param>
    public static DateTimeOffset Time(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var second = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        if (second == now)
        {
            return now;
        }

        second = second.AddSeconds(1);
        Thread.Sleep(second - now);
        return second;
    }

    /// <summary>A rotation's time in the names of what it made and retired (<c>NAME.retired-STAMP</c>, <c>OBJECT-STAMP</c>).</summary>
    /// <param name="time">The rotation's time (a retired window's end).</param>
    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Rotates what <see cref="SignetServerOptions.Rotate"/> names and returns the options with the keys now current.</summary>
    /// <param name="options">The server's options as given.</param>
    /// <param name="now">The rotation's time (<see cref="Time"/>): the old windows' end, the new ones' start; whole seconds.</param>
    public static SignetServerOptions Apply(SignetServerOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = RotatedKeys.Load(options);
        var current = options with
        {
            LogKey = keys.Current("--log-key", options.LogKey),
            TsaKey = keys.Current("--tsa-key", options.TsaKey),
            LogCheckpointKey = keys.Current("--log-checkpoint-key", options.LogCheckpointKey),
            CtKey = keys.Current("--ct-key", options.CtKey),
        };
        if (options.Rotate.Count == 0)
        {
            return current;
        }

        var publishedPath = options.PathOf(Signet.Tuf.Client.TrustRootStore.TrustedRootTarget);
        if (!File.Exists(publishedPath))
        {
            throw new SignetConfigurationException($"--rotate: {publishedPath} does not exist; start the server once before rotating its keys");
        }

        var published = TrustedRoot.Parse(File.ReadAllBytes(publishedPath));
        var retired = RetiredTrust.Load(options);
        var stamp = Stamp(now);
        foreach (var service in Rotatable.Where(options.Rotate.Contains))
        {
            switch (service)
            {
                case "log":
                    var logs = Open(published.Tlogs, t => t.PublicKey.ValidFor, service)
                        .Select(t => t with { PublicKey = t.PublicKey with { ValidFor = Closed(t.PublicKey.ValidFor, now) } });
                    retired = retired with { Tlogs = [.. retired.Tlogs, .. logs] };
                    current = RotateLog(options, current, keys, published, stamp);
                    break;
                case "tsa":
                    var tsas = Open(published.TimestampAuthorities, c => c.ValidFor, service).Select(c => c with { ValidFor = Closed(c.ValidFor, now) });
                    retired = retired with { TimestampAuthorities = [.. retired.TimestampAuthorities, .. tsas] };
                    current = RotateTsa(options, current, keys, stamp);
                    break;
                case "ct":
                    var ctlogs = Open(published.Ctlogs, t => t.PublicKey.ValidFor, service)
                        .Select(t => t with { PublicKey = t.PublicKey with { ValidFor = Closed(t.PublicKey.ValidFor, now) } });
                    retired = retired with { Ctlogs = [.. retired.Ctlogs, .. ctlogs] };
                    current = RotateCt(options, current, keys, stamp);
                    break;
                default:
                    var cas = Open(published.CertificateAuthorities, c => c.ValidFor, service).Select(c => c with { ValidFor = Closed(c.ValidFor, now) });
                    retired = retired with { CertificateAuthorities = [.. retired.CertificateAuthorities, .. cas] };
                    current = RotateCa(options, current, published, stamp);
                    break;
            }
        }

        RetiredTrust.Save(options, retired);
        keys.Save();
        return current;
    }

    private static SignetServerOptions RotateLog(SignetServerOptions options, SignetServerOptions current, RotatedKeys keys, TrustedRoot published, string stamp)
    {
        // Rekor v1 UUIDs start with the tree ID, derived from the first v1 key: the tree goes on, so the ID stays.
        var treeIdPath = options.PathOf("log", TreeIdFile);
        if (!File.Exists(treeIdPath) && published.Tlogs.FirstOrDefault(t => t.PublicKey.ValidFor?.End is null && t.PublicKey.KeyDetails.StartsWith("PKIX_ECDSA", StringComparison.Ordinal)) is { } v1)
        {
            File.WriteAllText(treeIdPath, Signet.Log.Rekor.RekorKeys.TreeIdOf(v1.LogId).ToString(CultureInfo.InvariantCulture) + "\n");
        }

        if (current.LogCheckpointKey is null)
        {
            Retire(options.PathOf("keys", "log-ed25519.pem"), stamp);
        }
        else
        {
            current = current with { LogCheckpointKey = keys.Replace("--log-checkpoint-key", options.LogCheckpointKey!, current.LogCheckpointKey, stamp, ed25519: true) };
        }

        if (current.LogKey is null)
        {
            Retire(options.PathOf("keys", Signet.Log.Rekor.RekorV1Key.FileName), stamp);
            return current;
        }

        return current with { LogKey = keys.Replace("--log-key", options.LogKey!, current.LogKey, stamp) };
    }

    private static SignetServerOptions RotateTsa(SignetServerOptions options, SignetServerOptions current, RotatedKeys keys, string stamp)
    {
        // The chain is made again on start, for the new key (TsaCredentials.LoadOrCreate / LoadOrCreateFor).
        Retire(options.PathOf("tsa", "certchain.pem"), stamp);
        if (current.TsaKey is null)
        {
            Retire(options.PathOf("keys", "tsa.key.pem"), stamp);
            return current;
        }

        return current with { TsaKey = keys.Replace("--tsa-key", options.TsaKey!, current.TsaKey, stamp) };
    }

    private static SignetServerOptions RotateCt(SignetServerOptions options, SignetServerOptions current, RotatedKeys keys, string stamp)
    {
        // RFC 6962 logs one key each; the CA's own CT log keeps its tree and signs SCTs and tree heads with the new key
        // under a new log ID (SHA-256 of the key, §3.2), as the log keeps its tree across --rotate log.
        if (current.CtKey is null)
        {
            Retire(options.PathOf("keys", Ca.CaRuntime.CtKeyFile), stamp);
            return current;
        }

        return current with { CtKey = keys.Replace("--ct-key", options.CtKey!, current.CtKey, stamp) };
    }

    private static SignetServerOptions RotateCa(SignetServerOptions options, SignetServerOptions current, TrustedRoot published, string stamp)
    {
        if (options.CaCertificateChainFile is { } chainFile)
        {
            // An operator's CA is certified by a root this server has no key for: the operator brings the new chain and
            // key (--ca-cert/--ca-key); the rotation closes the window of the chain published until now.
            var given = new X509Certificate2Collection();
            given.ImportFromPemFile(chainFile);
            if (given.Count > 0 && published.CertificateAuthorities.Any(c => c.ValidFor?.End is null && c.CertChain[0].AsSpan().SequenceEqual(given[0].RawData)))
            {
                throw new SignetConfigurationException($"--rotate ca: {chainFile} is the chain published until now; the CA is the operator's (--ca-cert/--ca-key): give the new chain and key with --rotate ca");
            }

            return current;
        }

        // The generated CA: a new root and intermediate, made on start (CaKeyStore.LoadOrCreate).
        foreach (var file in new Signet.Ca.Issuance.CaFiles(options.PathOf("ca"), options.PathOf("keys")).All)
        {
            Retire(file, stamp);
        }

        return current;
    }

    /// <summary>The entries of the current keys (an open window); none is an error: there is nothing to rotate.</summary>
    private static List<T> Open<T>(IReadOnlyList<T> entries, Func<T, TimeRange?> window, string service)
    {
        var open = entries.Where(e => window(e)?.End is null).ToList();
        return open.Count > 0 ? open : throw new SignetConfigurationException($"--rotate {service}: the trusted root written last lists no current {service} key; start the server with the {service} service once before rotating it");
    }

    private static TimeRange Closed(TimeRange? window, DateTimeOffset now) => new(window?.Start is { } s && s <= now ? s : now, now);

    private static void Retire(string path, string stamp)
    {
        if (File.Exists(path))
        {
            File.Move(path, $"{path}.retired-{stamp}");
        }
    }
}
