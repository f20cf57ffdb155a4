using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Signet.Server.Tests.Hostile;

namespace Signet.Server.Tests.Hosting;

/// <summary>
/// A full disk or database is the service being unavailable (503, <c>Retry-After: 30</c>, a detail that names no file),
/// not a bug (500), and the operator's log says so in one line at most every 10 s. The failures here are real ones:
/// SQLite refusing to grow past <c>max_page_count</c> (<c>SQLITE_FULL</c>, as a full disk gives) and a write to
/// <c>/dev/full</c> (<c>ENOSPC</c>). Before, a full disk answered signing requests with 500 "the server failed to handle
/// the request" and logged a stack trace for each.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StorageFullTests
{
    private static SqliteException SqliteFull()
    {
        using var db = new SqliteConnection("Data Source=:memory:");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "CREATE TABLE t (b BLOB)";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA max_page_count = 4";
        command.ExecuteScalar();
        command.CommandText = "INSERT INTO t VALUES (randomblob(100000))";
        return Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
    }

    private static IOException DiskFull() => Assert.ThrowsAny<IOException>(() => File.WriteAllBytes("/dev/full", new byte[4096]));

    public static TheoryData<string> Full() => ["sqlite", "enospc", "postgres", "wrapped"];

    private static Exception Make(string kind) => kind switch
    {
        "sqlite" => SqliteFull(),
        "enospc" => DiskFull(),
        "postgres" => new PostgresException("could not extend file: No space left on device", "ERROR", "ERROR", "53100"),
        _ => new InvalidOperationException("a write failed", new AggregateException(new TimeoutException(), DiskFull())),
    };

    [Theory]
    [MemberData(nameof(Full))]
    public void Storage_full_is_503_with_retry_after_and_a_detail_without_the_file(string kind)
    {
        var (status, title, detail, retryAfter) = ProblemMiddleware.Classify(Make(kind));

        Assert.Equal((503, "Service Unavailable"), (status, title));
        Assert.Equal("the server's storage is full; retry later", detail);
        Assert.Equal(TimeSpan.FromSeconds(30), retryAfter);
    }

    [Fact]
    public void Other_storage_failures_stay_bugs()
    {
        using var db = new SqliteConnection("Data Source=:memory:");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT * FROM missing";
        var notFull = Assert.Throws<SqliteException>(() => command.ExecuteReader());

        Assert.Equal(500, ProblemMiddleware.Classify(notFull).Status);
        Assert.Equal(500, ProblemMiddleware.Classify(new PostgresException("x", "ERROR", "ERROR", "42P01")).Status);
        Assert.Equal(500, ProblemMiddleware.Classify(new IOException("broken pipe", 32)).Status);
    }

    [Fact]
    public async Task The_answer_is_problem_json_and_the_log_has_one_line_in_ten_seconds()
    {
        using var errors = new ErrorLog();
        using var factory = LoggerFactory.Create(b => b.AddProvider(errors));
        var full = SqliteFull();
        var middleware = new ProblemMiddleware(_ => throw full, factory.CreateLogger<ProblemMiddleware>());

        var answers = new List<HttpContext>();
        for (var i = 0; i < 3; i++)
        {
            var context = new DefaultHttpContext();
            context.Request.Path = "/api/v2/log/entries";
            context.Response.Body = new MemoryStream();
            await middleware.InvokeAsync(context);
            answers.Add(context);
        }

        foreach (var context in answers)
        {
            Assert.Equal(503, context.Response.StatusCode);
            Assert.Equal("application/problem+json", context.Response.ContentType);
            Assert.Equal("30", context.Response.Headers.RetryAfter.ToString());
            using var body = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
            Assert.Equal("the server's storage is full; retry later", body.RootElement.GetProperty("detail").GetString());
        }

        var line = Assert.Single(errors.Entries);
        Assert.Contains("storage full serving /api/v2/log/entries: SQLite Error 13", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }
}
