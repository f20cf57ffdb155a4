using System.Net;
using System.Text.RegularExpressions;
using Signet.Client.Identity;

namespace Signet.Testing.Identity;

/// <summary>
/// The person at the browser, played with an HTTP client against the development issuer's real login pages: reads
/// the page's form, submits it with an identity, and follows the redirect to the signer's loopback listener.
/// </summary>
public sealed partial class BrowserUser(string email) : ILoginPrompt, IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    /// <summary>Rewrites the issuer's redirect before the browser follows it (an attacker's or a stale redirect).</summary>
    public Func<string, string>? TamperRedirect { get; init; }

    /// <summary>Press "Deny" instead of signing in.</summary>
    public bool Deny { get; init; }

    /// <summary>Runs when the device code is shown, before (or instead of) approving it.</summary>
    public Action? OnDeviceCode { get; init; }

    public bool ApproveDevice { get; init; } = true;

    public string? LastRedirect { get; private set; }

    public async Task OpenAuthorizationUrlAsync(Uri authorizationUrl, CancellationToken cancellationToken)
    {
        using var page = await _http.GetAsync(authorizationUrl, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var fields = HiddenFields(await page.Content.ReadAsStringAsync(cancellationToken));
        fields[Deny ? "deny" : "email"] = Deny ? "1" : email;
        using var form = new FormUrlEncodedContent(fields);
        using var posted = await _http.PostAsync(new Uri(authorizationUrl, "auth"), form, cancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.ToString();
        LastRedirect = TamperRedirect?.Invoke(location) ?? location;
        using var landed = await _http.GetAsync(new Uri(LastRedirect), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
    }

    public async Task ShowDeviceCodeAsync(DeviceAuthorization authorization, CancellationToken cancellationToken)
    {
        OnDeviceCode?.Invoke();
        if (!ApproveDevice)
        {
            return;
        }

        // The complete URI pre-fills the code (RFC 8628 §3.3.1); the person adds the identity and approves.
        using var page = await _http.GetAsync(authorization.VerificationUriComplete!, cancellationToken);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        Assert.Contains(WebUtility.HtmlEncode(authorization.UserCode), html);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user_code"] = authorization.UserCode, ["email"] = email });
        using var approved = await _http.PostAsync(authorization.VerificationUri, form, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
    }

    public void Dispose() => _http.Dispose();

    private static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
