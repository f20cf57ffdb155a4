using System.Collections.Concurrent;
using Signet.Oci;

namespace Signet.Admission.Verification;

/// <summary>One <see cref="RegistryClient"/> per registry, made on first use with the webhook's credentials and limits, and kept (with its connections and tokens).</summary>
public sealed class RegistryClients : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RegistryClient>> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly RegistryClientOptions _options;

    /// <summary>Clients made with <paramref name="options"/>.</summary>
    public RegistryClients(RegistryClientOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>
    /// Options for a webhook: two attempts with a short back-off and a per-request timeout well inside a review's
    /// (an unreachable registry must fail the review in time, and closed), with <paramref name="credentials"/>.
    /// </summary>
    public static RegistryClientOptions WebhookOptions(IRegistryCredentialSource? credentials, bool allowInsecure) => new()
    {
        Credentials = credentials,
        AllowInsecure = allowInsecure,
        MaxAttempts = 2,
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromSeconds(8),
        UserAgent = "signet-admission/0.1",
    };

    /// <summary>The client of <paramref name="registry"/>.</summary>
    public RegistryClient For(string registry) =>
        _clients.GetOrAdd(registry, r => new Lazy<RegistryClient>(() => new RegistryClient(r, _options))).Value;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
