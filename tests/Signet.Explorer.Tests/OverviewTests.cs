using System.Globalization;

namespace Signet.Explorer.Tests;

/// <summary>The overview: size, the newest checkpoint verified in the page, recent entries, entries per minute.</summary>
[Collection("explorer")]
public sealed class OverviewTests(ExplorerFixture f)
{
    [Fact]
    public async Task The_overview_shows_the_size_a_verified_newest_checkpoint_and_the_recent_entries()
    {
        await f.OpenAsync(f.Page(""));
        var status = await f.Browser.WaitForAsync("return document.querySelector('#checkpoint-status')?.dataset.verified ?? null;");
        Assert.Equal("true", status.GetValue<string>());
        var text = (await f.Browser.ExecuteAsync("return document.getElementById('view').textContent;"))!.GetValue<string>();
        Assert.Contains(f.Stack.Size.ToString("N0", CultureInfo.InvariantCulture), text);
        Assert.Contains("Entries per minute", text);
        var recent = (await f.Browser.ExecuteAsync("return [...document.querySelectorAll('#recent tr[data-index]')].map(r => Number(r.dataset.index));"))!
            .AsArray().Select(n => (long)n!.GetValue<double>()).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => f.Stack.Size - 1 - i).ToArray(), recent);
        await f.ShotAsync("overview");
        await f.AssertCleanAsync(f.Stack.Url);
    }
}
