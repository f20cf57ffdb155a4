using Microsoft.Extensions.Time.Testing;
using Signet.Client.Monitoring;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Client.Tests.Monitoring;

public sealed class LogMonitorTests : IDisposable
{
    private static readonly Uri LogUrl = new("https://log.test/");
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-monitor-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryLog _log = new();

    private string StatePath => Path.Combine(_dir, "state", "log.test.json");

    private LogMonitorStateFile State => new(StatePath);

    private LogMonitor Monitor() => new(LogUrl, _log, _log.Key.PublicKey, State, _time);

    [Fact]
    public async Task The_first_check_verifies_the_signature_and_stores_the_tree_key_and_time()
    {
        _log.Append(3);
        var result = await Monitor().CheckAsync();

        Assert.Equal(LogConsistency.FirstCheckpoint, result.Consistency);
        Assert.Null(result.Previous);
        Assert.Equal(3UL, result.Checkpoint.Size);
        var stored = State.Load()!;
        Assert.Equal(new LogTreeHead(3, _log.Root(3)).Size, stored.Tree.Size);
        Assert.Equal(_log.Root(3), stored.Tree.RootHash);
        Assert.Equal(LogUrl.ToString(), stored.LogUrl);
        Assert.Equal(_time.GetUtcNow(), stored.VerifiedAt);
        Assert.True(VerificationKey.FromPem(stored.PublicKeyPem!).SpkiDer.AsSpan().SequenceEqual(_log.Key.PublicKey.SpkiDer));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(StatePath)!, "*.tmp"));
    }

    [Fact]
    public async Task A_grown_log_is_proved_consistent_from_the_stored_tree_and_the_new_tree_is_stored()
    {
        _log.Append(5);
        await Monitor().CheckAsync();
        _log.Append(8);
        _time.Advance(TimeSpan.FromMinutes(10));

        var result = await Monitor().CheckAsync();

        Assert.Equal(LogConsistency.ProofVerified, result.Consistency);
        Assert.Equal(5UL, result.Previous!.Size);
        Assert.Equal(13UL, result.Checkpoint.Size);
        Assert.Equal(1, _log.ProofRequests);
        Assert.Equal(13UL, State.Load()!.Tree.Size);
        Assert.Equal(_time.GetUtcNow(), State.Load()!.VerifiedAt);
    }

    [Fact]
    public async Task An_unchanged_log_needs_no_proof()
    {
        _log.Append(4);
        await Monitor().CheckAsync();
        var result = await Monitor().CheckAsync();
        Assert.Equal(LogConsistency.Trivial, result.Consistency);
        Assert.Equal(0, _log.ProofRequests);
    }

    [Fact]
    public async Task A_given_earlier_tree_is_checked_instead_of_the_stored_one()
    {
        _log.Append(2);
        var early = new LogTreeHead(2, _log.Root(2));
        _log.Append(5);
        await Monitor().CheckAsync();

        var result = await Monitor().CheckAsync(early);
        Assert.Equal(LogConsistency.ProofVerified, result.Consistency);
        Assert.Equal(2UL, result.Previous!.Size);
    }

    [Fact]
    public async Task Two_roots_for_one_size_is_a_fork_and_nothing_is_stored()
    {
        _log.Append(6);
        await Monitor().CheckAsync();
        var before = File.ReadAllBytes(StatePath);
        _log.ForgedHead = _log.SignedCheckpoint(6, new byte[32]);
        _time.Advance(TimeSpan.FromMinutes(1));

        var e = await Assert.ThrowsAsync<MerkleProofException>(() => Monitor().CheckAsync());
        Assert.Contains("forked", e.Message, StringComparison.Ordinal);
        Assert.Equal(SignetErrorKind.VerificationFailed, e.ErrorKind);
        Assert.Equal(before, File.ReadAllBytes(StatePath));
    }

    [Fact]
    public async Task A_log_that_shrank_is_refused()
    {
        _log.Append(6);
        await Monitor().CheckAsync();
        _log.ForgedHead = _log.SignedCheckpoint(4, _log.Root(4));
        var e = await Assert.ThrowsAsync<MerkleProofException>(() => Monitor().CheckAsync());
        Assert.Contains("shrank from 6 to 4", e.Message, StringComparison.Ordinal);
        Assert.Equal(6UL, State.Load()!.Tree.Size);
    }

    [Fact]
    public async Task A_new_tree_the_proof_does_not_connect_is_refused()
    {
        _log.Append(5);
        await Monitor().CheckAsync();
        _log.Append(3);
        // A proof for another pair of sizes: well-formed, but it does not lead from the stored root to the new one.
        _log.ForgedProof = ConsistencyProof.Build(4, 8, _log);
        await Assert.ThrowsAsync<MerkleProofException>(() => Monitor().CheckAsync());
        Assert.Equal(5UL, State.Load()!.Tree.Size);
    }

    [Fact]
    public async Task A_checkpoint_signed_by_another_key_is_refused()
    {
        _log.Append(2);
        using var other = SigningKey.GenerateEcdsaP256();
        _log.ForgedHead = _log.SignedCheckpoint(2, _log.Root(2), other);
        var e = await Assert.ThrowsAsync<NoteVerificationException>(() => Monitor().CheckAsync());
        Assert.Equal(SignetErrorKind.VerificationFailed, e.ErrorKind);
        Assert.Null(State.Load());
    }

    [Fact]
    public async Task The_key_is_the_given_one_else_the_pinned_one_else_the_logs_own()
    {
        var (fetched, _, fresh) = await LogMonitor.ResolveKeyAsync(_log, State, givenPem: null, CancellationToken.None);
        Assert.True(fetched.SpkiDer.AsSpan().SequenceEqual(_log.Key.PublicKey.SpkiDer));
        Assert.False(fresh);

        _log.Append(1);
        await Monitor().CheckAsync();
        using var stranger = new InMemoryLog();
        var (pinned, pem, replaced) = await LogMonitor.ResolveKeyAsync(stranger, State, givenPem: null, CancellationToken.None);
        Assert.True(pinned.SpkiDer.AsSpan().SequenceEqual(_log.Key.PublicKey.SpkiDer));
        Assert.Equal(State.Load()!.PublicKeyPem, pem);
        Assert.False(replaced);
    }

    /// <summary>
    /// The log's key is rotated (<c>signet serve --rotate</c>): the operator gives the new key, which replaces the pinned
    /// one once the log's tree, signed with it, proves consistent with the last tree verified. A checkpoint of another
    /// tree under the new key is refused, and leaves the old key pinned.
    /// </summary>
    [Fact]
    public async Task A_given_key_replaces_the_pinned_one_only_for_a_tree_consistent_with_the_last_one()
    {
        _log.Append(3);
        await Monitor().CheckAsync();
        var oldPem = State.Load()!.PublicKeyPem;
        using var rotated = SigningKey.GenerateEcdsaP256();

        // Another tree of size 5 signed by the new key: refused, the old key stays pinned.
        _log.Append(2);
        _log.ForgedHead = _log.SignedCheckpoint(5, new byte[32], rotated);
        var (key, _, replaced) = await LogMonitor.ResolveKeyAsync(_log, State, rotated.PublicKey.ToPem(), CancellationToken.None);
        Assert.True(replaced);
        await Assert.ThrowsAsync<MerkleProofException>(() => new LogMonitor(LogUrl, _log, key, State, _time).CheckAsync());
        Assert.Equal(oldPem, State.Load()!.PublicKeyPem);

        // The log's own tree signed by the new key: consistent with size 3, and the new key is pinned.
        _log.ForgedHead = _log.SignedCheckpoint(5, _log.Root(5), rotated);
        var result = await new LogMonitor(LogUrl, _log, key, State, _time).CheckAsync();
        Assert.Equal(LogConsistency.ProofVerified, result.Consistency);
        Assert.Equal(rotated.PublicKey.ToPem(), State.Load()!.PublicKeyPem);
        Assert.False((await LogMonitor.ResolveKeyAsync(_log, State, rotated.PublicKey.ToPem(), CancellationToken.None)).ReplacesPinned);
    }

    [Fact]
    public void The_state_file_round_trips_reads_older_files_and_refuses_malformed_ones()
    {
        var state = new LogMonitorState("https://log.test/", new LogTreeHead(42, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()), "PEM")
        {
            VerifiedAt = _time.GetUtcNow(),
        };
        State.Save(state);
        var loaded = State.Load()!;
        Assert.Equal(state.LogUrl, loaded.LogUrl);
        Assert.Equal(state.Tree.Size, loaded.Tree.Size);
        Assert.Equal(state.Tree.RootHash, loaded.Tree.RootHash);
        Assert.Equal(state.VerifiedAt, loaded.VerifiedAt);

        // The form written before the monitor moved into the library: no verifiedAt.
        File.WriteAllText(StatePath, "{\"url\":\"https://log.test/\",\"treeSize\":\"7\",\"rootHash\":\"" + new string('a', 64) + "\",\"publicKey\":null}");
        Assert.Null(State.Load()!.VerifiedAt);
        Assert.Equal(7UL, State.Load()!.Tree.Size);

        foreach (var bad in new[] { "{", "[]", "{\"url\":\"u\",\"treeSize\":\"x\",\"rootHash\":\"00\"}", "{\"url\":\"u\",\"treeSize\":\"1\",\"rootHash\":\"00\"}" })
        {
            File.WriteAllText(StatePath, bad);
            Assert.Throws<SignetFormatException>(() => State.Load());
        }
    }

    [Fact]
    public void A_state_file_that_cannot_be_written_is_a_configuration_error_naming_it_and_state()
    {
        // A folder this user cannot write (HOME=/ for a container's arbitrary user) met .NET's "Access … denied" as invalid
        // input; a path under a file is refused the same way for root too.
        File.WriteAllText(Path.Combine(_dir, "a-file"), "");
        var path = Path.Combine(_dir, "a-file", "log.test.json");
        var state = new LogMonitorState("https://log.test/", new LogTreeHead(1, new byte[32]), "PEM");

        var e = Assert.Throws<SignetConfigurationException>(() => new LogMonitorStateFile(path).Save(state));
        Assert.StartsWith($"the monitor's state {path} cannot be written (", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("give --state FILE in a folder this user can write (or set HOME)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_state_file_is_one_per_host_and_port()
    {
        Assert.Equal(Path.Combine("/s", "rekor.example_8080.json"), LogMonitorStateFile.DefaultPath("/s", new Uri("http://rekor.example:8080/")));
    }

    public void Dispose()
    {
        _log.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
