using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Signet.Log.Engine;
using Signet.Server.Log;

namespace Signet.Server.Tests.Log;

/// <summary>Pushback over HTTP: with the sequencer unable to commit (another connection holds SQLite's write lock),
/// the entry beyond <see cref="LogOptions.MaxOutstanding"/> is refused with 503 + Retry-After and nothing is
/// appended for it, while the one accepted is logged once the lock is released.</summary>
public sealed class PushbackTests
{
    [Fact]
    public async Task Too_many_outstanding_entries_get_503_with_retry_after()
    {
        await using var server = await TestServer.StartAsync(
            o => o with { Services = new HashSet<string> { "log" }, LogOrigin = "pushback.test" },
            b => b.Services.AddSingleton(new LogServerOptions { Engine = new LogOptions { Origin = "unset", MaxOutstanding = 1, MaxBatchSize = 1 } }));

        Task<(HttpResponseMessage Response, System.Text.Json.JsonElement Json)> first, second;
        await using (var blocker = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "log", "log.db")};Pooling=False"))
        {
            await blocker.OpenAsync();
            using var hold = blocker.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE"; // the sequencer's BEGIN IMMEDIATE now waits for this lock
            await hold.ExecuteNonQueryAsync();

            first = LogRequests.PostAsync(server.Http, "/api/v1/log/entries", LogRequests.HashedRekordV001("one"u8.ToArray()).ToJsonString());
            second = LogRequests.PostAsync(server.Http, "/api/v1/log/entries", LogRequests.HashedRekordV001("two"u8.ToArray()).ToJsonString());

            // Whichever reached the appender first is stuck in the sequencer; the other must be pushed back.
            var done = await Task.WhenAny(first, second);
            var refused = await done;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Response.StatusCode);
            Assert.Equal("application/problem+json", refused.Response.Content.Headers.ContentType?.MediaType);
            Assert.True(refused.Response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.False((done == first ? second : first).IsCompleted);

            hold.CommandText = "ROLLBACK";
            await hold.ExecuteNonQueryAsync();
        }

        var results = await Task.WhenAll(first, second);
        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.Created);
        var (_, info) = await LogRequests.GetAsync(server.Http, "/api/v1/log");
        Assert.Equal(1, info.GetProperty("treeSize").GetInt64());
    }
}
