using System.Collections.Concurrent;
using System.Net;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Operations;

/// <summary>
/// <c>signet serve --otlp-endpoint URL</c> from the command line: the metrics reach a local OTLP/HTTP receiver. (The
/// option was an <c>Option&lt;Uri&gt;</c>, which System.CommandLine cannot convert: every value was an internal
/// error, exit 70.) A value that is not an absolute http(s) URL is a usage error.
/// </summary>
public sealed class ServeOtlpTests
{
    [Fact]
    public async Task Metrics_reach_the_collector_the_command_line_names()
    {
        var port = LoopbackPort.Free();

        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var paths = new ConcurrentQueue<string>();
        var receiving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                try
                {
                    var context = await collector.GetContextAsync();
                    paths.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath} {context.Request.ContentType}");
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
            }
        });

        await using (await ServedSignet.StartAsync("--services", "tsa", "--otlp-endpoint", $"http://127.0.0.1:{port}", "--otlp-interval", "0.2"))
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(30); !paths.Any(p => p.StartsWith("POST /v1/metrics ", StringComparison.Ordinal)) && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(100);
            }
        }

        collector.Stop();
        await receiving;
        Assert.Contains("POST /v1/metrics application/x-protobuf", paths);
    }

    [Theory]
    [InlineData("not-a-url", "--otlp-endpoint 'not-a-url' is not an absolute URL")]
    [InlineData("ftp://collector", "--otlp-endpoint ftp://collector/ is not an http(s) URL")]
    public void A_bad_endpoint_is_a_usage_error(string endpoint, string message)
    {
        var dir = Directory.CreateTempSubdirectory("signet-otlp-").FullName;
        try
        {
            var r = SignetProcess.Run("serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "tsa", "--otlp-endpoint", endpoint);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(message, r.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
