using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Signet.Log.Postgres;

/// <summary>
/// The tables of one log in a shared PostgreSQL database. <c>…seq_coord</c> is the single row every front end locks to
/// hand out indices (tessera's <c>SeqCoord</c>); <c>…entries</c> and <c>…search</c> the sequenced leaves and their
/// look-up keys; <c>…integration</c> the committed tree and checkpoint; <c>…tiles</c> the immutable C2SP tlog-tiles
/// objects (hash tiles, partial tiles, entry bundles) and <c>…checkpoint</c> the published checkpoint object. Several
/// logs share one database under different names (the Rekor log uses the bare <c>signet_</c> prefix, the CT log
/// <c>signet_ct_</c>); each has its own integration lock.
/// </summary>
internal sealed partial class PostgresSchema
{
    /// <summary>Advisory-lock key serialising schema creation across front ends and logs.</summary>
    public const long SchemaLock = 0x5349474E45540001;

    /// <summary>The condition naming the partial tiles and bundles in <c>…tiles</c> (tlog-tiles <c>N.p/W</c>), indexed
    /// apart so that listing them does not scan the log's tiles.</summary>
    public const string PartialTiles = "path LIKE '%.p/%'";

    /// <summary>The integration lock of the unnamed log (kept from before logs had names).</summary>
    private const long DefaultIntegrationLock = 0x5349474E45540002;

    /// <summary>The tables of the log <paramref name="log"/> ("" for the default log).</summary>
    public PostgresSchema(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.Length > 0 && !LogName().IsMatch(log))
        {
            throw new ArgumentException($"PostgreSQL log name '{log}' must be 1–16 lower-case letters or digits, starting with a letter", nameof(log));
        }

        Prefix = log.Length == 0 ? "signet_" : "signet_" + log + "_";
        // A named log's lock: a high word no default key uses, the low word from the name.
        IntegrationLock = log.Length == 0
            ? DefaultIntegrationLock
            : (0x5349474FL << 32) | BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.ASCII.GetBytes(log)));
    }

    /// <summary>The prefix of every table name of this log.</summary>
    public string Prefix { get; }

    /// <summary>Advisory-lock key held by the one integrator of this log.</summary>
    public long IntegrationLock { get; }

    /// <summary>Creates every table of this log if it does not exist (run under <see cref="SchemaLock"/>).</summary>
    public string Tables => $"""
        CREATE TABLE IF NOT EXISTS {Prefix}seq_coord(
            id int PRIMARY KEY CHECK (id = 1),
            next_idx bigint NOT NULL);
        INSERT INTO {Prefix}seq_coord(id, next_idx) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        CREATE TABLE IF NOT EXISTS {Prefix}entries(
            idx bigint PRIMARY KEY,
            leaf_hash bytea NOT NULL UNIQUE,
            body bytea NOT NULL,
            integrated_time bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS {Prefix}search(
            key text NOT NULL,
            idx bigint NOT NULL,
            PRIMARY KEY (key, idx));
        CREATE TABLE IF NOT EXISTS {Prefix}integration(
            id int PRIMARY KEY CHECK (id = 1),
            size bigint NOT NULL,
            root bytea NOT NULL,
            frontier bytea NOT NULL,
            checkpoint bytea NOT NULL);
        CREATE TABLE IF NOT EXISTS {Prefix}tiles(
            path text PRIMARY KEY,
            data bytea NOT NULL);
        CREATE INDEX IF NOT EXISTS {Prefix}tiles_partial ON {Prefix}tiles(path) WHERE {PartialTiles};
        CREATE TABLE IF NOT EXISTS {Prefix}checkpoint(
            id int PRIMARY KEY CHECK (id = 1),
            size bigint NOT NULL,
            note bytea NOT NULL);
        """;

    [GeneratedRegex("^[a-z][a-z0-9]{0,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex LogName();
}
