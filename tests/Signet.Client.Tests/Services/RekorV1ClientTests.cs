using System.Security.Cryptography;
using System.Text;
using Signet.Client.Services;
using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Testing.Servers;

namespace Signet.Client.Tests.Services;

/// <summary>The Rekor v1 client against a real local log.</summary>
public sealed class RekorV1ClientTests
{
    [Fact]
    public async Task An_entry_the_log_already_holds_is_answered_409_and_the_existing_entry_is_fetched()
    {
        await using var server = await LocalSigstore.StartServicesAsync("log");
        var counter = new CountingHandler(new HttpClientHandler());
        using var http = new HttpClient(counter);
        var client = new RekorV1Client(http, server.BaseUrl);
        var proposed = ProposedHashedRekord();

        var first = await client.CreateEntryAsync(proposed, CancellationToken.None);
        var second = await client.CreateEntryAsync(proposed, CancellationToken.None);

        // POST (201), POST (409 with Location), GET of that Location.
        Assert.Equal(["POST 201", "POST 409", "GET 200"], counter.Seen);
        Assert.Equal(first.LogIndex, second.LogIndex);
        Assert.Equal(first.CanonicalizedBody, second.CanonicalizedBody);
        Assert.Equal(first.LogId, second.LogId);
        Assert.NotNull(second.SignedEntryTimestamp);
        var proof = second.InclusionProof!;
        InclusionProof.Verify((ulong)proof.LogIndex, (ulong)proof.TreeSize, Rfc6962.HashLeaf(second.CanonicalizedBody), proof.Hashes, proof.RootHash);
    }

    [Fact]
    public async Task A_refused_entry_is_one_service_error_and_not_retried()
    {
        await using var server = await LocalSigstore.StartServicesAsync("log");
        var counter = new CountingHandler(new HttpClientHandler());
        using var http = new HttpClient(counter);
        var tampered = Encoding.UTF8.GetString(ProposedHashedRekord()).Replace("\"value\":\"", "\"value\":\"ff", StringComparison.Ordinal);

        var e = await Assert.ThrowsAsync<SigstoreServiceException>(
            () => new RekorV1Client(http, server.BaseUrl).CreateEntryAsync(Encoding.UTF8.GetBytes(tampered), CancellationToken.None));

        Assert.Equal(400, e.StatusCode);
        Assert.Single(counter.Seen);
    }

    private static byte[] ProposedHashedRekord()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes("artifact " + Guid.NewGuid()));
        var publicPem = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.PublicKey.ToPem()));
        return Encoding.UTF8.GetBytes(
            "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + Hex.Encode(digest)
            + "\"}},\"signature\":{\"content\":\"" + Convert.ToBase64String(key.SignDigest(digest)) + "\",\"publicKey\":{\"content\":\"" + publicPem + "\"}}}}");
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (Seen)
            {
                Seen.Add($"{request.Method} {(int)response.StatusCode}");
            }

            return response;
        }
    }
}
