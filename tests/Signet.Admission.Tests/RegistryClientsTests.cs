using System.Text;
using Signet.Admission.Verification;
using Signet.Oci;

namespace Signet.Admission.Tests;

/// <summary>
/// The webhook's registry clients: one per registry, at most <see cref="RegistryClients.Capacity"/> kept (the registries
/// are named by whoever creates pods), the least recently used retired — and a retired client stays usable for as long
/// as an evaluation holds it.
/// </summary>
public sealed class RegistryClientsTests
{
    private static readonly OciDigest Absent = OciDigest.Compute(Encoding.UTF8.GetBytes("not in the registry"));

    [Fact]
    public async Task Registries_beyond_the_capacity_retire_the_least_recently_used_client_and_not_one_in_use()
    {
        using var registry = new RegistryServer();
        using var clients = new RegistryClients(RegistryClients.WebhookOptions(null, allowInsecure: true), capacity: 2);

        var held = clients.Rent(registry.Registry);
        var heldClient = held.Client;
        using (var again = clients.Rent(registry.Registry))
        {
            Assert.Same(heldClient, again.Client);
        }

        // Two other registries named by pods: the first one's client is the least recently used, and is retired.
        clients.Rent("first.invalid:5000").Dispose();
        clients.Rent("second.invalid:5000").Dispose();
        Assert.Equal(2, clients.Count);

        // Retired, but held: it still works for the evaluation that holds it.
        Assert.False(await heldClient.BlobExistsAsync("library/app", Absent));
        held.Dispose();
        held.Dispose(); // returning twice returns once
        await Assert.ThrowsAsync<ObjectDisposedException>(() => heldClient.BlobExistsAsync("library/app", Absent));

        // The registry used again gets a new client; the least recently used one is retired in its turn.
        using var renewed = clients.Rent(registry.Registry);
        Assert.NotSame(heldClient, renewed.Client);
        Assert.False(await renewed.Client.BlobExistsAsync("library/app", Absent));
        Assert.Equal(2, clients.Count);
    }

    [Fact]
    public void A_registry_used_often_stays_while_others_come_and_go()
    {
        using var clients = new RegistryClients(RegistryClients.WebhookOptions(null, allowInsecure: false), capacity: 3);
        RegistryClient kept;
        using (var lease = clients.Rent("registry.example"))
        {
            kept = lease.Client;
        }

        for (var i = 0; i < 50; i++)
        {
            clients.Rent($"host{i}.invalid").Dispose();
            using var lease = clients.Rent("REGISTRY.example"); // registry names are case-insensitive
            Assert.Same(kept, lease.Client);
        }

        Assert.Equal(3, clients.Count);
    }

    [Fact]
    public void Disposed_clients_refuse_to_lend()
    {
        var clients = new RegistryClients(RegistryClients.WebhookOptions(null, allowInsecure: false));
        var lease = clients.Rent("registry.example");
        clients.Dispose();
        lease.Dispose();
        Assert.Throws<ObjectDisposedException>(() => clients.Rent("registry.example"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegistryClients(RegistryClients.WebhookOptions(null, false), capacity: 0));
    }
}
