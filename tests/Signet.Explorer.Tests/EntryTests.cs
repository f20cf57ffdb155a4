using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Signet.Explorer.Tests;

/// <summary>The entry view on deep links: every kind Signet logs, read through the v1 API and from the tiles, is
/// verified in the page; a tampered proof or tile shows failed; the certificate is decoded to the last extension.</summary>
[Collection("explorer")]
public sealed class EntryTests(ExplorerFixture f)
{
    [Fact]
    public async Task Deep_links_open_each_entry_verified_through_the_v1_api_and_from_the_tiles()
    {
        var indexes = f.Stack.Logged.Values.Select(s => s.Index).Append(f.Stack.Size - 1).Append(257).ToArray();
        var timings = new List<(long Index, string Source, double Rendered, double Verified)>();
        foreach (var index in indexes)
        {
            foreach (var source in new[] { "", "?source=tiles" })
            {
                await f.OpenAsync(f.Page($"entry/{index}{source}"));
                Assert.Equal("true", await f.VerificationAsync());
                var checks = (await f.Browser.ExecuteAsync(
                    "return [...document.querySelectorAll('#verification [data-check]')].map(c => c.dataset.check + '=' + c.dataset.verified);"))!
                    .AsArray().Select(n => n!.GetValue<string>()).ToArray();
                Assert.Equal(source.Length == 0 ? ["uuid=true", "inclusion=true", "checkpoint=true", "set=true"] : ["checkpoint=true", "inclusion=true"], checks);
                var marks = (await f.Browser.ExecuteAsync(
                    "return ['signet:entry-rendered', 'signet:entry-verified'].map(n => performance.getEntriesByName(n)[0]?.startTime ?? -1);"))!.AsArray();
                timings.Add((index, source.Length == 0 ? "v1" : "tiles", marks[0]!.GetValue<double>(), marks[1]!.GetValue<double>()));
                await f.AssertCleanAsync(f.Stack.Url);
            }
        }

        await f.OpenAsync(f.Page($"entry/{f.Stack.Logged["v2-workflow"].Index}"));
        await f.VerificationAsync();
        await f.ShotAsync("entry");
        await f.OpenAsync(f.Page($"entry/{f.Stack.Logged["v1-dsse"].Index}?source=tiles"));
        await f.VerificationAsync();
        await f.ShotAsync("entry-tiles");

        // Time to interactive, measured from navigation start by the page's own performance marks (reported, not asserted).
        foreach (var group in timings.GroupBy(t => t.Source))
        {
            var verified = group.Select(t => t.Verified).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"explorer entry view ({group.Key}): rendered median {Median(group.Select(t => t.Rendered))} ms, verified median {Median(verified)} ms, max {verified[^1]:F0} ms over {verified.Length} loads"));
        }
    }

    [Fact]
    public async Task The_certificate_is_decoded_with_its_sans_every_fulcio_extension_by_name_and_a_checked_chain()
    {
        var signed = f.Stack.Logged["v2-workflow"];
        await f.OpenAsync(f.Page($"entry/{signed.Index}"));
        Assert.Equal("true", await f.VerificationAsync());
        var chain = await f.Browser.WaitForAsync(
            "const items = [...document.querySelectorAll('.chain li')]; return items.length && !items[0].textContent.includes('Checking') ? items.map(i => i.textContent) : null;");
        Assert.Equal(3, chain.AsArray().Count);
        Assert.Equal(0, (await f.Browser.ExecuteAsync("return document.querySelectorAll('.chain .badge.bad').length;"))!.GetValue<int>());

        var rows = (await f.Browser.ExecuteAsync(
            "return Object.fromEntries([...document.querySelectorAll('tr[data-oid]')].map(r => [r.dataset.oid, [r.querySelector('th').textContent, r.querySelector('td:last-child').textContent]]));"))!.AsObject();
        using var cert = X509CertificateLoader.LoadCertificate(signed.Certificate);
        foreach (var ext in cert.Extensions)
        {
            var row = rows[ext.Oid!.Value!];
            Assert.NotNull(row);
            if (ext.Oid.Value!.StartsWith("1.3.6.1.4.1.57264.1.", StringComparison.Ordinal))
            {
                Assert.NotEqual(ext.Oid.Value, row![0]!.GetValue<string>());
            }
        }

        Assert.Equal(SignedLog.WorkflowIdentity, Value(rows, "1.3.6.1.4.1.57264.1.9"));
        Assert.Equal("Build Signer URI", rows["1.3.6.1.4.1.57264.1.9"]![0]!.GetValue<string>());
        Assert.Equal("https://github.com/octo/app", Value(rows, "1.3.6.1.4.1.57264.1.12"));
        Assert.Equal(f.Stack.Url.ToString().TrimEnd('/') + "/oidc/github-actions", Value(rows, "1.3.6.1.4.1.57264.1.8"));
        var text = (await f.Browser.ExecuteAsync("return document.getElementById('view').textContent;"))!.GetValue<string>();
        Assert.Contains("URI: " + SignedLog.WorkflowIdentity, text);
        await f.AssertCleanAsync(f.Stack.Url);
    }

    [Fact]
    public async Task A_tampered_proof_or_tile_shows_failed_and_names_the_check()
    {
        await f.OpenAsync(f.Page($"entry/{f.Proxy.TamperedIndex}", f.Proxy.Url));
        Assert.Equal("false", await f.VerificationAsync());
        Assert.Equal("false", (await f.Browser.ExecuteAsync("return document.querySelector('[data-check=inclusion]').dataset.verified;"))!.GetValue<string>());
        await f.ShotAsync("entry-tampered");
        await f.AssertCleanAsync(f.Proxy.Url);

        await f.OpenAsync(f.Page($"entry/{f.Stack.Logged["v2-email"].Index}?source=tiles", f.Proxy.Url));
        Assert.Equal("false", await f.VerificationAsync());
        Assert.Equal("false", (await f.Browser.ExecuteAsync("return document.querySelector('[data-check=inclusion]').dataset.verified;"))!.GetValue<string>());
        await f.AssertCleanAsync(f.Proxy.Url);

        // The same page straight from the log verifies: the proxy, not the entry, was at fault.
        await f.OpenAsync(f.Page($"entry/{f.Proxy.TamperedIndex}"));
        Assert.Equal("true", await f.VerificationAsync());
        await f.AssertCleanAsync(f.Stack.Url);
    }

    [Fact]
    public async Task An_entry_beyond_the_log_is_not_found_and_never_verified()
    {
        var index = f.Stack.Size + 1000;
        await f.OpenAsync(f.Page($"entry/{index}"));
        Assert.Equal("false", await f.VerificationAsync());
        var alert = await f.Browser.WaitForAsync("return document.querySelector('[role=alert]')?.textContent ?? null;");
        Assert.Contains("Not found", alert.GetValue<string>());
        // Chromium logs the log's 404 answer itself; nothing else may appear.
        await f.AssertCleanAsync(f.Stack.Url, $"logIndex={index} - Failed to load resource: the server responded with a status of 404");

        // From the tiles, the checkpoint says the entry is not there yet: no tile is even asked for.
        await f.OpenAsync(f.Page($"entry/{index}?source=tiles"));
        Assert.Equal("false", await f.VerificationAsync());
        alert = await f.Browser.WaitForAsync("return document.querySelector('[role=alert]')?.textContent ?? null;");
        Assert.Contains("Not found", alert.GetValue<string>());
        await f.AssertCleanAsync(f.Stack.Url);
    }

    private static string Value(JsonObject rows, string oid) => rows[oid]![1]!.GetValue<string>();

    private static string Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2].ToString("F0", CultureInfo.InvariantCulture);
    }
}
