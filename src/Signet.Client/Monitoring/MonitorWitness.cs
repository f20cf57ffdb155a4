using System.Net;
using System.Security.Cryptography;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Notes;

namespace Signet.Client.Monitoring;

/// <summary>
/// A witness a monitor asks for the latest checkpoint of the log it cosigned (C2SP tlog-witness §Monitor Retrieval
/// Mechanism, <c>GET &lt;prefix&gt;/&lt;hex SHA-256 of the origin&gt;/checkpoint</c>), so that a log showing the monitor
/// one tree and the witness another is caught.
/// </summary>
/// <param name="Url">The witness's monitoring prefix.</param>
/// <param name="Key">Its cosignature verifier key.</param>
public sealed record MonitorWitness(Uri Url, INoteVerifier Key)
{
    private const int MaxBytes = SignedNote.MaxNoteBytes;

    /// <summary>Parses <c>URL=VERIFIER_KEY</c>; the split is at the first <c>=</c> followed by a valid witness key.</summary>
    /// <param name="value">The option's value.</param>
    public static MonitorWitness Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var eq = value.IndexOf('=', StringComparison.Ordinal); eq > 0; eq = value.IndexOf('=', eq + 1))
        {
            try
            {
                var key = NoteVerifierKey.ParseCosigner(value[(eq + 1)..].Trim());
                if (Uri.TryCreate(value[..eq].TrimEnd('/') + "/", UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
                {
                    return new MonitorWitness(url, key);
                }
            }
            catch (SignetFormatException)
            {
            }
        }

        throw new SignetFormatException($"--witness '{value}': not URL=VERIFIER_KEY (an http(s) URL and a type 0x04 key)");
    }

    /// <summary>The witness's latest cosigned checkpoint of <paramref name="origin"/>, or null when it has none (404).
    /// Not verified here.</summary>
    /// <param name="http">The client.</param>
    /// <param name="origin">The log's origin.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<string?> GetCheckpointAsync(HttpClient http, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(origin)));
        var url = new Uri(Url, hash + "/checkpoint");
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new SigstoreServiceException($"witness {url}: HTTP {(int)response.StatusCode}") { StatusCode = (int)response.StatusCode };
        }

        var bytes = await ResponseBody.ReadAsync(response, MaxBytes, http.Timeout,
            _ => new SigstoreServiceException($"witness {url}: a checkpoint of more than {MaxBytes} bytes"), cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }
}
