namespace Signet.Log.Postgres;

/// <summary>The shared log's tables. <c>signet_seq_coord</c> is the single row every front end locks to hand out
/// indices (tessera's <c>SeqCoord</c>); <c>signet_integration</c> holds the committed tree and checkpoint.</summary>
internal static class PostgresSchema
{
    /// <summary>Advisory-lock key serialising schema creation and integration across front ends.</summary>
    public const long SchemaLock = 0x5349474E45540001;

    public const long IntegrationLock = 0x5349474E45540002;

    public const string Tables = """
        CREATE TABLE IF NOT EXISTS signet_seq_coord(
            id int PRIMARY KEY CHECK (id = 1),
            next_idx bigint NOT NULL);
        INSERT INTO signet_seq_coord(id, next_idx) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        CREATE TABLE IF NOT EXISTS signet_entries(
            idx bigint PRIMARY KEY,
            leaf_hash bytea NOT NULL UNIQUE,
            body bytea NOT NULL,
            integrated_time bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS signet_search(
            key text NOT NULL,
            idx bigint NOT NULL,
            PRIMARY KEY (key, idx));
        CREATE TABLE IF NOT EXISTS signet_integration(
            id int PRIMARY KEY CHECK (id = 1),
            size bigint NOT NULL,
            root bytea NOT NULL,
            frontier bytea NOT NULL,
            checkpoint bytea NOT NULL);
        """;
}
