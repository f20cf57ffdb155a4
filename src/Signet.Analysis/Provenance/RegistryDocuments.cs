using System.Net;
using Signet.Client.Services;
using Signet.Core;

namespace Signet.Analysis.Provenance;

/// <summary>
/// GETs of a registry's provenance documents (npm's attestations, PyPI's integrity API): bounded, 404 is "none", any other
/// failure is a <see cref="SignetFormatException"/> that names the URL (analysis reports it as invalid input, never as
/// "no provenance").
/// </summary>
internal static class RegistryDocuments
{
    /// <summary>The document's bytes, or null when the registry has none (404).</summary>
    public static async Task<byte[]?> GetAsync(HttpClient http, Uri url, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SignetFormatException($"{url}: the registry answered {(int)response.StatusCode}");
            }

            return await ResponseBody.ReadAsync(response, maxBytes, http.Timeout, announced => new SignetFormatException(announced is long n
                ? $"{url}: {n} bytes is larger than {maxBytes}"
                : $"{url}: larger than {maxBytes} bytes"), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SignetFormatException($"{url}: the registry is unreachable ({e.Message})", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SignetFormatException($"{url}: the registry did not send its whole answer within {http.Timeout.TotalSeconds:0.#} s", e);
        }
    }
}
