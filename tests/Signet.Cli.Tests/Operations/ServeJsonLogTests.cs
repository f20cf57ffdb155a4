using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Signet.Cli.Tests.Operations;

/// <summary><c>signet serve --log-format json</c>: every stdout line is one JSON object.</summary>
public sealed class ServeJsonLogTests
{
    [Fact]
    public async Task Json_log_format_writes_only_json_lines_and_names_the_url_in_the_listening_line()
    {
        await using var served = await ServedSignet.StartAsync("--services", "log", "--log-format", "json");
        using (var http = new HttpClient())
        {
            // A problem answer (404 problem+json) is not logged as an error; the server keeps answering.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(served.Url + "/healthz"))).StatusCode);
        }

        await served.StopAsync();
        string[] lines;
        lock (served.StdOutLines)
        {
            lines = [.. served.StdOutLines];
        }

        Assert.NotEmpty(lines);
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            using var json = JsonDocument.Parse(line); // throws when a line is not JSON
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
            Assert.True(json.RootElement.TryGetProperty("LogLevel", out _), line);
            var timestamp = json.RootElement.GetProperty("Timestamp").GetString();
            Assert.True(
                DateTimeOffset.TryParseExact(timestamp, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
                $"Timestamp '{timestamp}' is not ISO-8601 UTC");
        }

        using var listening = JsonDocument.Parse(lines.Single(l => l.Contains("listening on", StringComparison.Ordinal)));
        Assert.Equal("Information", listening.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal("Signet.Server", listening.RootElement.GetProperty("Category").GetString());
        Assert.Equal(served.Url, listening.RootElement.GetProperty("State").GetProperty("Url").GetString());
        Assert.StartsWith("http://127.0.0.1:", served.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_log_format_is_a_usage_error()
    {
        var r = SignetProcess.Run("serve", "--data-dir", Path.GetTempPath(), "--log-format", "xml");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--log-format 'xml' is not text or json", r.StdErr);
    }
}
