using System.Security.Cryptography.X509Certificates;

namespace Signet.Explorer.Tests;

/// <summary>Each search kind finds the entries Signet signed, through the log's own APIs, on a deep link.</summary>
[Collection("explorer")]
public sealed class SearchTests(ExplorerFixture f)
{
    public static TheoryData<string> Kinds => ["index", "uuid", "digest", "email", "uri", "public key", "certificate"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_search_kind_finds_the_signed_entry_and_only_matching_ones(string kind)
    {
        var (query, expected) = await QueryAsync(kind);
        await f.OpenAsync(f.Page("?q=" + Uri.EscapeDataString(query)));
        await f.Browser.WaitForAsync("return document.getElementById('result-count') ? true : null;");
        var found = (await f.Browser.ExecuteAsync("return [...document.querySelectorAll('tr[data-index]')].map(r => Number(r.dataset.index));"))!
            .AsArray().Select(n => (long)n!.GetValue<double>()).Order().ToArray();
        Assert.Equal(expected.Order().ToArray(), found);
        // The search field shows the query (a single-line field drops a PEM's line breaks).
        Assert.Equal(Compact(query), Compact((await f.Browser.ExecuteAsync("return document.getElementById('q').value;"))!.GetValue<string>()));
        if (kind == "email")
        {
            await f.ShotAsync("results");
        }

        await f.AssertCleanAsync(f.Stack.Url);
    }

    [Fact]
    public async Task A_search_typed_with_the_keyboard_opens_the_entry_and_moves_focus_to_its_heading()
    {
        var target = f.Stack.Logged["v1-hashedrekord"].Index;
        await f.OpenAsync(f.Page(""));
        await f.Browser.WaitForAsync("return document.getElementById('checkpoint-status') ? true : null;");
        await f.Browser.PressAsync("\uE004");
        Assert.Equal("skip", await ActiveAsync("document.activeElement.className"));
        await f.Browser.PressAsync("\uE004", "\uE004");
        Assert.Equal("q", await ActiveAsync("document.activeElement.id"));
        await f.Browser.PressAsync([.. target.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => c.ToString()), "\uE007"]);
        await f.Browser.WaitForAsync("return document.getElementById('result-count') ? true : null;");
        Assert.Equal("H1", await ActiveAsync("document.activeElement.tagName"));

        var link = $"entry/{target}";
        var reached = false;
        for (var i = 0; i < 10 && !reached; i++)
        {
            await f.Browser.PressAsync("\uE004");
            reached = await ActiveAsync("document.activeElement.getAttribute('href')") == link;
        }

        Assert.True(reached, "Tab never reached the result's link");
        await f.Browser.PressAsync("\uE007");
        Assert.Equal("true", await f.VerificationAsync());
        Assert.EndsWith("/explorer/" + link, await ActiveAsync("location.pathname"));
        Assert.Equal("H1", await ActiveAsync("document.activeElement.tagName"));

        // Back returns to the results.
        await f.Browser.ExecuteAsync("history.back();");
        await f.Browser.WaitForAsync("return document.getElementById('result-count') ? true : null;");
        await f.AssertCleanAsync(f.Stack.Url);
    }

    [Fact]
    public async Task A_query_of_no_known_kind_says_what_to_enter()
    {
        await f.OpenAsync(f.Page("?q=" + Uri.EscapeDataString("no such thing")));
        var alert = await f.Browser.WaitForAsync("return document.querySelector('[role=alert]')?.textContent ?? null;");
        Assert.Contains("Enter a log index", alert.GetValue<string>());
        await f.AssertCleanAsync(f.Stack.Url);
    }

    private static string Compact(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    private async Task<string> ActiveAsync(string expression) =>
        (await f.Browser.ExecuteAsync($"return String({expression});"))!.GetValue<string>();

    private async Task<(string Query, long[] Expected)> QueryAsync(string kind)
    {
        var s = f.Stack.Logged;
        var hashed = s["v1-hashedrekord"];
        using var workflowCert = X509CertificateLoader.LoadCertificate(s["v2-workflow"].Certificate);
        return kind switch
        {
            "index" => (hashed.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), [hashed.Index]),
            "uuid" => (await UuidAsync(hashed.Index), [hashed.Index]),
            // c.txt was signed (hashedrekord) and attested (dsse: its statement's subject is c.txt).
            "digest" => ("sha256:" + hashed.ArtifactSha256, [hashed.Index, s["v1-dsse"].Index]),
            "email" => (SignedLog.Email, [s["v2-email"].Index, hashed.Index, s["v1-dsse"].Index]),
            "uri" => (SignedLog.WorkflowIdentity, [s["v2-workflow"].Index]),
            // Spaces instead of newlines, as a single-line search field leaves a pasted PEM.
            "public key" => (System.Security.Cryptography.PemEncoding.WriteString("PUBLIC KEY", workflowCert.PublicKey.ExportSubjectPublicKeyInfo()).ReplaceLineEndings(" "), [s["v2-workflow"].Index]),
            "certificate" => (workflowCert.ExportCertificatePem(), [s["v2-workflow"].Index]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private async Task<string> UuidAsync(long index)
    {
        using var http = new HttpClient { BaseAddress = f.Stack.Url };
        using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/v1/log/entries?logIndex={index}", UriKind.Relative)));
        return doc.RootElement.EnumerateObject().Single().Name;
    }
}
