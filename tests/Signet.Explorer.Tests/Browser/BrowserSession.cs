using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Signet.Testing.Servers;

namespace Signet.Explorer.Tests.Browser;

/// <summary>
/// Headless Chromium driven through chromedriver's W3C WebDriver HTTP API (w3.org/TR/webdriver2), both from Debian
/// (<c>chromium</c>, <c>chromium-driver</c>): nothing is downloaded at run time. Browser console and DevTools network
/// events are collected through chromedriver's log endpoint (<c>goog:loggingPrefs</c>).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const string ElementKey = "element-6066-11e4-a52e-4f735466cecf";

    private readonly Process _driver;
    private readonly HttpClient _http;
    private readonly string _profile;
    private string _session = "";

    private BrowserSession(Process driver, HttpClient http, string profile)
    {
        _driver = driver;
        _http = http;
        _profile = profile;
    }

    /// <summary>Starts chromedriver on a free loopback port and a fresh headless Chromium profile.</summary>
    public static async Task<BrowserSession> StartAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("SIGNET_CHROMIUM") ?? "/usr/bin/chromium";
        var chromedriver = Environment.GetEnvironmentVariable("SIGNET_CHROMEDRIVER") ?? "/usr/bin/chromedriver";
        if (!File.Exists(chromium) || !File.Exists(chromedriver))
        {
            throw new InvalidOperationException($"the browser tests need {chromium} and {chromedriver} (Debian: apt-get install chromium chromium-driver; .ci/run installs them)");
        }

        var port = LoopbackPort.Free();
        var psi = new ProcessStartInfo(chromedriver, [$"--port={port}"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var driver = Process.Start(psi)!;
        driver.OutputDataReceived += (_, _) => { };
        driver.ErrorDataReceived += (_, _) => { };
        driver.BeginOutputReadLine();
        driver.BeginErrorReadLine();
        var profile = Directory.CreateTempSubdirectory("signet-chromium-").FullName;
        var session = new BrowserSession(driver, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(2) }, profile);
        try
        {
            await session.WaitForDriverAsync();
            await session.CreateSessionAsync(chromium);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForDriverAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                var status = await _http.GetFromJsonAsync<JsonObject>("status");
                if (status?["value"]?["ready"]?.GetValue<bool>() == true)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("chromedriver did not become ready");
    }

    private async Task CreateSessionAsync(string chromium)
    {
        string[] args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={_profile}", "--window-size=1280,1000",
        ];
        var capabilities = new JsonObject
        {
            ["browserName"] = "chrome",
            ["goog:chromeOptions"] = new JsonObject { ["binary"] = chromium, ["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]) },
            ["goog:loggingPrefs"] = new JsonObject { ["browser"] = "ALL", ["performance"] = "ALL" },
            ["timeouts"] = new JsonObject { ["script"] = 60000, ["pageLoad"] = 60000 },
        };
        var created = await SendAsync(HttpMethod.Post, "session", new JsonObject { ["capabilities"] = new JsonObject { ["alwaysMatch"] = capabilities } });
        _session = created!["sessionId"]!.GetValue<string>();
    }

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public Task NavigateAsync(Uri url) => SendAsync(HttpMethod.Post, Path("url"), new JsonObject { ["url"] = url.ToString() });

    /// <summary>Runs <paramref name="script"/> (a function body) in the page and returns what it returns.</summary>
    public Task<JsonNode?> ExecuteAsync(string script, params JsonNode?[] args) =>
        SendAsync(HttpMethod.Post, Path("execute/sync"), new JsonObject { ["script"] = script, ["args"] = new JsonArray(args) });

    /// <summary>Runs an asynchronous script: it calls its last argument with the result.</summary>
    public Task<JsonNode?> ExecuteCallbackAsync(string script) =>
        SendAsync(HttpMethod.Post, Path("execute/async"), new JsonObject { ["script"] = script, ["args"] = new JsonArray() });

    /// <summary>Polls <paramref name="script"/> until it returns something other than null.</summary>
    public async Task<JsonNode> WaitForAsync(string script, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await ExecuteAsync(script) is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the page never satisfied: {script}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The element matching a CSS selector (W3C "Find Element").</summary>
    public async Task<string> FindAsync(string css)
    {
        var found = await SendAsync(HttpMethod.Post, Path("element"), new JsonObject { ["using"] = "css selector", ["value"] = css });
        return found![ElementKey]!.GetValue<string>();
    }

    /// <summary>Types <paramref name="text"/> into an element (W3C "Element Send Keys"; \uE007 is Enter).</summary>
    public Task TypeAsync(string element, string text) =>
        SendAsync(HttpMethod.Post, Path($"element/{element}/value"), new JsonObject { ["text"] = text });

    /// <summary>Presses keys one after another on the focused element (W3C actions; "\uE004" is Tab, "\uE007" Enter).</summary>
    public async Task PressAsync(params string[] keys)
    {
        var actions = new JsonArray();
        foreach (var key in keys)
        {
            actions.Add((JsonNode)new JsonObject { ["type"] = "keyDown", ["value"] = key });
            actions.Add((JsonNode)new JsonObject { ["type"] = "keyUp", ["value"] = key });
        }

        var source = new JsonObject { ["type"] = "key", ["id"] = "keyboard", ["actions"] = actions };
        await SendAsync(HttpMethod.Post, Path("actions"), new JsonObject { ["actions"] = new JsonArray(source) });
        await SendAsync(HttpMethod.Delete, Path("actions"), null);
    }

    /// <summary>Sets the window's size (a phone width, for example).</summary>
    public Task ResizeAsync(int width, int height) =>
        SendAsync(HttpMethod.Post, Path("window/rect"), new JsonObject { ["width"] = width, ["height"] = height });

    /// <summary>Saves a PNG of the viewport.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var png = await SendAsync(HttpMethod.Get, Path("screenshot"), null);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(png!.GetValue<string>()));
    }

    /// <summary>The log entries of <paramref name="type"/> ("browser": console; "performance": DevTools events)
    /// since the last call.</summary>
    public async Task<JsonArray> LogAsync(string type) =>
        (await SendAsync(HttpMethod.Post, Path("se/log"), new JsonObject { ["type"] = type }))!.AsArray();

    private string Path(string command) => $"session/{_session}/{command}";

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            // chromedriver's HTTP server needs a Content-Length (no chunked request bodies).
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"WebDriver {method} {path}: {json?["value"]?["error"]} {json?["value"]?["message"]}");
        }

        return json?["value"];
    }

    /// <summary>Ends the session, chromedriver (and with it Chromium) and removes the profile.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_session.Length > 0)
            {
                await SendAsync(HttpMethod.Delete, $"session/{_session}", null);
            }
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
        }

        if (!_driver.HasExited)
        {
            _driver.Kill(entireProcessTree: true);
            await _driver.WaitForExitAsync();
        }

        _driver.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
