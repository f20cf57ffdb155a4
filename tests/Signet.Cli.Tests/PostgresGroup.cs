namespace Signet.Cli.Tests;

/// <summary>The tests that share one PostgreSQL server (xUnit finds collection definitions only in the test assembly).</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresGroup : ICollectionFixture<PostgresServer>;
