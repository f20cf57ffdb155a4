namespace Signet.Explorer.Tests;

/// <summary>axe-core (from npm, injected by the test, never shipped in the page) finds no WCAG 2.x A/AA or
/// best-practice violation in any view, and every view fits a phone's width without sideways scrolling.</summary>
[Collection("explorer")]
public sealed class AccessibilityTests(ExplorerFixture f)
{
    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(AxePath()));

    public static TheoryData<string> Views => ["overview", "results", "entry", "entry-tiles"];

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Axe_reports_no_violations_and_the_view_fits_a_phone(string view)
    {
        await OpenAsync(view);
        await f.Browser.ExecuteAsync(Axe.Value + "\nreturn true;");
        var result = await f.Browser.ExecuteCallbackAsync("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
              .then(r => done(r.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)))
              .catch(e => done(['axe failed: ' + e]));
            """);
        var violations = result!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.True(violations.Length == 0, $"{view}: " + string.Join("\n", violations));

        try
        {
            await f.Browser.ResizeAsync(390, 844);
            await OpenAsync(view);
            var overflow = (await f.Browser.ExecuteAsync("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))!.GetValue<double>();
            var wide = await f.Browser.ExecuteAsync(
                "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ');");
            Assert.True(overflow <= 0, $"{view} is {overflow}px wider than a phone's screen: {wide}");
            if (view == "entry")
            {
                await f.ShotAsync("entry-phone");
            }
        }
        finally
        {
            await f.Browser.ResizeAsync(1280, 1000);
        }

        await f.AssertCleanAsync(f.Stack.Url);
    }

    private async Task OpenAsync(string view)
    {
        var s = f.Stack.Logged;
        switch (view)
        {
            case "overview":
                await f.OpenAsync(f.Page(""));
                await f.Browser.WaitForAsync("return document.querySelector('#checkpoint-status') ? true : null;");
                break;
            case "results":
                await f.OpenAsync(f.Page("?q=" + Uri.EscapeDataString(SignedLog.Email)));
                await f.Browser.WaitForAsync("return document.getElementById('result-count') ? true : null;");
                break;
            default:
                await f.OpenAsync(f.Page($"entry/{s["v2-workflow"].Index}{(view == "entry-tiles" ? "?source=tiles" : "")}"));
                await f.VerificationAsync();
                await f.Browser.WaitForAsync("return document.querySelector('.chain li:not(:only-child)') || !document.querySelector('.chain') || !document.querySelector('.chain').textContent.includes('Checking') ? true : null;");
                break;
        }
    }

    private static string AxePath()
    {
        var peers = Environment.GetEnvironmentVariable("SIGNET_NPM_PEERS") is { Length: > 0 } env
            ? env
            : Path.Combine(ExplorerFixture.RepositoryRoot(), "tests", "interop");
        var path = Path.Combine(peers, "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run npm install in tests/interop (.ci/run does)");
    }
}
