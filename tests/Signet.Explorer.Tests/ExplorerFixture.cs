using System.Text.Json.Nodes;
using Signet.Explorer.Tests.Browser;

namespace Signet.Explorer.Tests;

[CollectionDefinition("explorer")]
public sealed class ExplorerGroup : ICollectionFixture<ExplorerFixture>;

/// <summary>One signed stack, one tampering proxy in front of it and one browser, shared by the explorer's tests;
/// helpers to open pages, wait for the verification outcome, check the browser stayed clean, keep screenshots.</summary>
public sealed class ExplorerFixture : IAsyncLifetime
{
    public SignedLog Stack { get; private set; } = null!;

    public TamperingProxy Proxy { get; private set; } = null!;

    public BrowserSession Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/explorer/ at the repository root (kept as test artifacts).</summary>
    public string Screenshots { get; } = Path.Combine(RepositoryRoot(), "TestResults", "explorer");

    public async Task InitializeAsync()
    {
        Stack = await SignedLog.StartAsync();
        Proxy = await TamperingProxy.StartAsync(Stack.Url, Stack.Logged["v1-hashedrekord"].Index);
        Browser = await BrowserSession.StartAsync();
        Console.WriteLine($"explorer screenshots: {Screenshots}");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }

    /// <summary>The explorer URL for <paramref name="relative"/> (e.g. <c>entry/3</c>, <c>?q=…</c>) on <paramref name="origin"/>.</summary>
    public Uri Page(string relative, Uri? origin = null) => new(origin ?? Stack.Url, "explorer/" + relative);

    /// <summary>Opens a page after draining the logs of what came before.</summary>
    public async Task OpenAsync(Uri url)
    {
        await Browser.LogAsync("browser");
        await Browser.LogAsync("performance");
        await Browser.NavigateAsync(url);
    }

    /// <summary>Waits for the entry view's outcome: the value of <c>#verification[data-verified]</c>.</summary>
    public async Task<string> VerificationAsync() =>
        (await Browser.WaitForAsync("return document.querySelector('#verification[data-verified]')?.getAttribute('data-verified') ?? null;")).GetValue<string>();

    /// <summary>No console error (other than those named), and no request to any origin but <paramref name="origin"/>,
    /// neither in the DevTools network log nor in the page's resource timing.</summary>
    public async Task AssertCleanAsync(Uri origin, params string[] allowedErrors)
    {
        var errors = (await Browser.LogAsync("browser"))
            .Where(e => e!["level"]!.GetValue<string>() is "SEVERE" or "ERROR")
            .Select(e => e!["message"]!.GetValue<string>())
            .Where(m => !allowedErrors.Any(a => m.Contains(a, StringComparison.Ordinal)))
            .ToList();
        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));

        var requested = new List<string>();
        foreach (var e in await Browser.LogAsync("performance"))
        {
            var message = JsonNode.Parse(e!["message"]!.GetValue<string>())!["message"]!;
            if (message["method"]?.GetValue<string>() is "Network.requestWillBeSent" or "Network.webSocketCreated")
            {
                requested.Add(message["params"]!["request"]?["url"]?.GetValue<string>() ?? message["params"]!["url"]!.GetValue<string>());
            }
        }

        var timed = (await Browser.ExecuteAsync("return performance.getEntriesByType('resource').map(e => e.name);"))!.AsArray().Select(n => n!.GetValue<string>());
        var foreign = requested.Concat(timed)
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out var x) && x.Scheme is "http" or "https" or "ws" or "wss")
            .Where(u => new Uri(u).GetLeftPart(UriPartial.Authority) != origin.GetLeftPart(UriPartial.Authority))
            .ToList();
        Assert.True(foreign.Count == 0, "requests left the origin: " + string.Join(", ", foreign));
        Assert.Contains(requested, u => u.StartsWith(origin.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
    }

    public Task ShotAsync(string name) => Browser.ScreenshotAsync(Path.Combine(Screenshots, name + ".png"));

    /// <summary>The folder holding Signet.slnx above the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Signet.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Signet.slnx not found above " + AppContext.BaseDirectory);
    }
}
