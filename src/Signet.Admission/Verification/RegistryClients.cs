using Signet.Oci;

namespace Signet.Admission.Verification;

/// <summary>
/// One <see cref="RegistryClient"/> per registry, made on first use with the webhook's credentials and limits, and kept
/// (with its connections and tokens) while it is among the <see cref="Capacity"/> registries used last. The registries
/// come from the pods a cluster's users create, so their number is theirs to choose: beyond the capacity the client
/// used least recently is retired, and disposed once the last <see cref="RegistryLease"/> on it is returned — never
/// under an evaluation still running with it.
/// </summary>
public sealed class RegistryClients : IDisposable
{
    /// <summary>How many registries' clients are kept when no capacity is given.</summary>
    public const int DefaultCapacity = 128;

    private readonly Dictionary<string, Entry> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private readonly RegistryClientOptions _options;
    private long _uses;
    private bool _disposed;

    /// <summary>Clients made with <paramref name="options"/>, at most <paramref name="capacity"/> kept.</summary>
    public RegistryClients(RegistryClientOptions options, int capacity = DefaultCapacity)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>How many registries' clients are kept at the most.</summary>
    public int Capacity { get; }

    /// <summary>How many registries' clients are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

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

    /// <summary>The client of <paramref name="registry"/>, kept from disposal until the lease is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The clients were disposed (the webhook is stopping).</exception>
    public RegistryLease Rent(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_clients.TryGetValue(registry, out var entry))
            {
                if (_clients.Count >= Capacity)
                {
                    RetireLeastRecentlyUsed();
                }

                entry = new Entry(registry, new RegistryClient(registry, _options));
                _clients.Add(registry, entry);
            }

            entry.Leases++;
            entry.LastUse = ++_uses;
            return new RegistryLease(this, entry);
        }
    }

    /// <summary>Disposes every client, leased or not: what still runs with one is being cancelled.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _clients.Values)
            {
                entry.Client.Dispose();
            }

            _clients.Clear();
        }
    }

    private void RetireLeastRecentlyUsed()
    {
        var oldest = _clients.Values.MinBy(e => e.LastUse)!;
        _clients.Remove(oldest.Registry);
        oldest.Retired = true;
        if (oldest.Leases == 0)
        {
            oldest.Client.Dispose();
        }
    }

    private void Return(Entry entry)
    {
        lock (_gate)
        {
            entry.Leases--;
            if (entry.Retired && entry.Leases == 0 && !_disposed)
            {
                entry.Client.Dispose();
            }
        }
    }

    internal sealed class Entry(string registry, RegistryClient client)
    {
        public string Registry { get; } = registry;

        public RegistryClient Client { get; } = client;

        public int Leases { get; set; }

        public long LastUse { get; set; }

        public bool Retired { get; set; }
    }

    /// <summary>A registry's client in use: dispose it when done with <see cref="Client"/>.</summary>
    public sealed class RegistryLease : IDisposable
    {
        private RegistryClients? _owner;
        private readonly Entry _entry;

        internal RegistryLease(RegistryClients owner, Entry entry)
        {
            _owner = owner;
            _entry = entry;
        }

        /// <summary>The registry's client.</summary>
        public RegistryClient Client => _entry.Client;

        /// <summary>Returns the client (disposing it if it was retired meanwhile and this was its last lease).</summary>
        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Return(_entry);
    }
}
