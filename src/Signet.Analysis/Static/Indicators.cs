using System.Buffers;
using System.Net;
using System.Text.RegularExpressions;

namespace Signet.Analysis.Static;

/// <summary>
/// Checks on one piece of text (a string literal of code, a shell command, a script file): URLs, IP literals,
/// exfiltration hosts, credential paths and token variables, downloads run by a shell, encoded blobs. Pure and allocation-light:
/// each check is a vectorised search first and a regular expression only where that search hit.
/// </summary>
internal static partial class Indicators
{
    /// <summary>Hosts and paths used to receive stolen data or to confirm a payload ran (webhooks, paste sites, tunnels, OAST).</summary>
    private static readonly string[] ExfilMarkers =
    [
        "discord.com/api/webhooks", "discordapp.com/api/webhooks", "hooks.slack.com/", "api.telegram.org/bot",
        "pastebin.com", "paste.ee/", "hastebin.com", "ghostbin.", "transfer.sh", "ngrok.io", "ngrok-free.app", "ngrok.app",
        "webhook.site", "requestbin.", "pipedream.net", "burpcollaborator.net", "oastify.com", "interact.sh", "oast.fun",
        "oast.pro", "oast.live", "oast.site", "oast.online", "oast.me", "canarytokens.com", "dnslog.cn", "ceye.io",
        "beeceptor.com", "hookbin.com", "requestcatcher.com", "serveo.net", "localtunnel.me", "loca.lt", "trycloudflare.com",
    ];

    /// <summary>Credential files: SSH keys, package-manager tokens, cloud CLIs, container and cluster credentials.</summary>
    private static readonly string[] CredentialPaths =
    [
        ".ssh/id_", "id_rsa", "id_ed25519", "id_ecdsa", ".ssh/authorized_keys", ".npmrc", ".pypirc", "nuget.config", ".nuget/nuget",
        ".aws/credentials", ".azure/accesstokens", ".azure/msal_token_cache", "gcloud/credentials", "application_default_credentials.json",
        ".docker/config.json", ".kube/config", ".git-credentials", ".netrc", "/etc/shadow", "login data", ".gnupg/", "keychain-db",
    ];

    /// <summary>Environment variables that carry tokens on developer machines and CI runners.</summary>
    public static readonly HashSet<string> TokenVariables = new(StringComparer.Ordinal)
    {
        "NPM_TOKEN", "NODE_AUTH_TOKEN", "NPM_CONFIG__AUTH", "GITHUB_TOKEN", "GH_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AZURE_CLIENT_SECRET", "GOOGLE_APPLICATION_CREDENTIALS",
        "NUGET_API_KEY", "NUGET_AUTH_TOKEN", "PYPI_TOKEN", "PYPI_API_TOKEN", "TWINE_PASSWORD", "CI_JOB_TOKEN", "GITLAB_TOKEN",
        "DOCKER_PASSWORD", "HEROKU_API_KEY", "SLACK_TOKEN", "OPENAI_API_KEY", "RUBYGEMS_API_KEY", "GEM_HOST_API_KEY",
    };

    private static readonly SearchValues<string> Exfil = SearchValues.Create(ExfilMarkers, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every marker of the checks below in one search, so most literals are dismissed with a single pass.</summary>
    private static readonly SearchValues<string> AnyMarker = SearchValues.Create(
        [.. ExfilMarkers, .. CredentialPaths, "://", "curl", "wget", "iwr", "irm", "invoke-", "download", "webclient", "urlopen", "urllib"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> Credentials = SearchValues.Create(CredentialPaths, StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> Schemes = SearchValues.Create(["http://", "https://", "ws://", "wss://", "ftp://"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> Fetchers = SearchValues.Create(["curl", "wget", "iwr", "irm", "invoke-webrequest", "invoke-restmethod", "downloadstring", "downloadfile", "net.webclient", "urlopen", "urllib"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<char> Base64Chars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_");
    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Whether the text names a credential file anywhere (a cheap whole-file test).</summary>
    public static bool NamesCredentials(string text) => text.AsSpan().IndexOfAny(Credentials) >= 0;

    /// <summary>The shortest literal checked as an encoded blob.</summary>
    public const int BlobMinLength = 200;

    /// <summary>Where a piece of text came from; shell text is also checked for download-and-run.</summary>
    public enum Context
    {
        Literal,
        Shell,
    }

    /// <summary>Runs every text check on <paramref name="text"/>, adding findings to <paramref name="facts"/>.</summary>
    public static void Scan(string text, Context context, FileFacts facts)
    {
        var span = text.AsSpan();
        if (span.Length < 4)
        {
            return;
        }

        if (span.IndexOfAny(AnyMarker) < 0)
        {
            // Nothing but the short-literal checks (token variable, bare IP) and the blob check can apply.
            ShortLiteral(text, facts);
            if (context == Context.Literal && span.Length >= BlobMinLength)
            {
                Blob(text, facts);
            }

            return;
        }

        if (span.IndexOfAny(Exfil) is var exfil and >= 0)
        {
            facts.Add(Rules.ExfilHost, Severity.High, Window(text, exfil));
        }

        if (span.IndexOfAny(Credentials) is var credential and >= 0)
        {
            facts.Add(Rules.SensitiveRead, Severity.Medium, Window(text, credential));
        }

        if (span.IndexOfAny(Schemes) >= 0)
        {
            foreach (Match m in UrlPattern().Matches(text))
            {
                var host = HostOf(m.Value);
                if (IsNotableIp(host))
                {
                    facts.Add(Rules.IpLiteral, Severity.Medium, m.Value);
                }
                else
                {
                    facts.Add(Rules.NetworkUrl, Severity.Low, m.Value);
                }
            }
        }
        else
        {
            ShortLiteral(text, facts);
        }

        if (context == Context.Shell && span.IndexOfAny(Fetchers) >= 0 && DownloadRun().Match(text) is { Success: true } d)
        {
            facts.Add(Rules.DownloadExec, Severity.High, d.Value);
        }

        if (context == Context.Literal && span.Length >= BlobMinLength)
        {
            Blob(text, facts);
        }
    }

    /// <summary>A literal that is exactly a token variable's name, or exactly an IP address (with an optional port).</summary>
    private static void ShortLiteral(string text, FileFacts facts)
    {
        if (text.Length > 45)
        {
            return;
        }

        if (TokenVariables.Contains(text))
        {
            facts.Add(Rules.SensitiveRead, Severity.Medium, "environment " + text);
        }
        else if (IsNotableIp(StripPort(text)))
        {
            facts.Add(Rules.IpLiteral, Severity.Medium, text);
        }
    }

    /// <summary>Long base64 or hex literals, decoded; high-entropy literals of any alphabet.</summary>
    private static void Blob(string text, FileFacts facts)
    {
        var span = text.AsSpan().Trim();
        byte[]? decoded = null;
        string shape;
        if (span.IndexOfAnyExcept(HexChars) < 0 && span.Length % 2 == 0)
        {
            shape = "hex";
            decoded = Convert.FromHexString(span);
        }
        else if (span.IndexOfAnyExcept(Base64Chars) < 0)
        {
            shape = "base64";
            decoded = Decoders.Base64(span);
        }
        else if (Entropy.BitsPerChar(span) >= Entropy.HighBitsPerChar)
        {
            facts.Add(Rules.EncodedBlob, Severity.Low, $"high-entropy string ({span.Length} chars, {Entropy.BitsPerChar(span):F1} bits/char)");
            return;
        }
        else
        {
            return;
        }

        if (decoded is null)
        {
            return;
        }

        if (Decoders.LooksLikeCode(decoded) is { } what)
        {
            facts.Add(Rules.EncodedBlob, Severity.Medium, $"{shape} blob of {span.Length} chars decodes to {what}");
        }
        else
        {
            facts.Add(Rules.EncodedBlob, Severity.Low, $"{shape} blob of {span.Length} chars");
        }
    }

    /// <summary>Up to 40 characters either side of a match, so evidence shows the match and its neighbourhood.</summary>
    private static string Window(string text, int at)
    {
        if (text.Length <= Finding.MaxEvidence)
        {
            return text;
        }

        var start = Math.Max(0, at - 40);
        return string.Concat(start > 0 ? "…" : string.Empty, text.AsSpan(start, Math.Min(text.Length - start, 100)));
    }

    /// <summary>The host of a URL (without port, brackets or user info), lower-case.</summary>
    public static string HostOf(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? authority[1..close] : authority;
        }

        return StripPort(authority).ToLowerInvariant();
    }

    private static string StripPort(string s)
    {
        var colon = s.LastIndexOf(':');
        return colon > 0 && s.IndexOf(':', StringComparison.Ordinal) == colon && s.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0 ? s[..colon] : s;
    }

    /// <summary>
    /// An IP literal worth reporting: a dotted IPv4 address or an IPv6 address, but not the unspecified address, the
    /// limited broadcast/netmask forms, or the loopback defaults (127.0.0.1, ::1) that dev servers and tests name.
    /// </summary>
    public static bool IsNotableIp(string host)
    {
        if (host.Length < 2 || host.Length > 45 || !(char.IsAsciiDigit(host[0]) || host.Contains(':', StringComparison.Ordinal)))
        {
            return false;
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            return false;
        }

        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            // IPAddress.TryParse accepts "1" or "1.2"; only the four-part dotted form counts as a literal address here.
            if (host.Count(c => c == '.') != 3)
            {
                return false;
            }

            var b = ip.GetAddressBytes();
            return b[0] is not (0 or 255) && host != "127.0.0.1";
        }

        return !IPAddress.IPv6Loopback.Equals(ip) && !IPAddress.IPv6Any.Equals(ip) && host.Count(c => c == ':') >= 2;
    }

    [GeneratedRegex(@"(?:https?|wss?|ftp)://(?:\[[0-9a-f:.]+\][^\s'""`<>(){}\[\]\\^|]*|[^\s'""`<>(){}\[\]\\^|]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    // A download whose output is run: piped into a shell or interpreter, evaluated by PowerShell, or saved then made executable.
    [GeneratedRegex(
        @"(?:\b(?:curl|wget)\b[^|;\n]*\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\b(?:curl|wget)\b[^|;\n]*\|\s*(?:python3?|node|perl|ruby)\b|\$\(\s*(?:curl|wget)\b|\b(?:iwr|irm|invoke-webrequest|invoke-restmethod)\b[^\n]*\|\s*(?:iex|invoke-expression)\b|\b(?:iex|invoke-expression)\b[\s(]*(?:\(?\s*new-object\s+(?:system\.)?net\.webclient\)?\.download(?:string|data)|iwr|irm|invoke-webrequest|invoke-restmethod)|\b(?:curl|wget)\b[^\n;|]*&&\s*chmod\s+\+x)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DownloadRun();
}
