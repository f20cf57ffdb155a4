using Npgsql;

namespace Signet.Log.Postgres;

/// <summary>
/// Checks an operator's PostgreSQL connection string before anything connects with it, so a malformed one is a usage
/// error naming the option, not a failure deep inside the first connection. The string is never repeated in a
/// message: it may hold a password.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="connectionString"/> is not an Npgsql
    /// connection string or names no host.</summary>
    /// <param name="connectionString">The operator's connection string.</param>
    /// <param name="option">The setting it came from, named in the message (e.g. <c>--log-postgres</c>).</param>
    public static void Validate(string connectionString, string option)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"{option} is not a PostgreSQL connection string: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException($"{option} names no Host (e.g. Host=db.example;Username=signet;Database=signet)");
        }
    }
}
