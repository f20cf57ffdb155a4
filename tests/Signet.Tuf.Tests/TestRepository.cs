using Microsoft.Extensions.Time.Testing;
using Signet.Core.Keys;
using Signet.Tuf.Client;
using Signet.Tuf.Metadata;
using Signet.Tuf.Repository;

namespace Signet.Tuf.Tests;

/// <summary>
/// A real Signet TUF repository in a temp folder (two root keys, threshold 2; one targets key; one online key for
/// snapshot/timestamp), a client cache next to it, and a remote serving <c>published/</c> that counts requests and
/// lets a test play the attacker by overriding files.
/// </summary>
public sealed class TestRepository : IDisposable
{
    public TestRepository(bool consistentSnapshot = true)
    {
        Folder = Directory.CreateTempSubdirectory("signet-tuf-test-").FullName;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));
        RootKeys = [SigningKey.GenerateEcdsaP256(), SigningKey.GenerateEd25519()];
        TargetsKey = SigningKey.GenerateEd25519();
        OnlineKey = SigningKey.GenerateEcdsaP256();
        Repo = TufRepository.Init(Path.Combine(Folder, "repo"), new RepositorySettings { ConsistentSnapshot = consistentSnapshot },
            new Dictionary<string, RoleKeys>
            {
                ["root"] = Keys(2, RootKeys),
                ["targets"] = Keys(1, TargetsKey),
                ["snapshot"] = Keys(1, OnlineKey),
                ["timestamp"] = Keys(1, OnlineKey),
            }, Time);
        Repo.AddTarget("trusted_root.json", "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\"}"u8);
        foreach (var k in RootKeys)
        {
            Repo.Sign("root", k);
        }

        Repo.Sign("targets", TargetsKey);
        Repo.Publish(OnlineKey);
        Remote = new DirectoryRemote(Repo.PublishedDirectory);
        Cache = new FileSystemTufCache(Path.Combine(Folder, "client"));
        Cache.WriteMetadata("root", File.ReadAllBytes(Published("1.root.json")));
    }

    public string Folder { get; }

    public FakeTimeProvider Time { get; }

    public SigningKey[] RootKeys { get; }

    public SigningKey TargetsKey { get; }

    public SigningKey OnlineKey { get; set; }

    public TufRepository Repo { get; }

    public DirectoryRemote Remote { get; }

    public FileSystemTufCache Cache { get; }

    public static RoleKeys Keys(int threshold, params SigningKey[] keys) =>
        new(keys.Select(k => TufKey.FromVerificationKey(k.PublicKey)).ToList(), threshold);

    public TufUpdater Updater(TufClientOptions? options = null) => new(Remote, Cache, options, Time);

    public Task<TufRefreshResult> RefreshAsync(TufClientOptions? options = null) => Updater(options).RefreshAsync();

    public string Published(string name) => Path.Combine(Repo.PublishedDirectory, name);

    public byte[] ReadPublished(string name) => File.ReadAllBytes(Published(name));

    /// <summary>Publishes a new version of trusted_root.json (new targets, snapshot and timestamp).</summary>
    public void PublishTarget(string content)
    {
        Repo.AddTarget("trusted_root.json", System.Text.Encoding.UTF8.GetBytes(content));
        Repo.Sign("targets", TargetsKey);
        Repo.Publish(OnlineKey);
    }

    public void Dispose()
    {
        foreach (var k in RootKeys)
        {
            k.Dispose();
        }

        TargetsKey.Dispose();
        OnlineKey.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>Serves a folder as a TUF mirror; records every request; <see cref="Override"/> replaces a file's bytes.</summary>
public sealed class DirectoryRemote(string folder) : ITufRemote
{
    private readonly Dictionary<string, byte[]?> _overrides = new(StringComparer.Ordinal);

    public List<string> Requests { get; } = [];

    public void Override(string path, byte[]? data) => _overrides[path] = data;

    public Task<byte[]?> FetchMetadataAsync(string fileName, long maxLength, CancellationToken cancellationToken) =>
        Task.FromResult(Fetch(fileName, maxLength));

    public Task<byte[]?> FetchTargetAsync(string targetPath, long maxLength, CancellationToken cancellationToken) =>
        Task.FromResult(Fetch("targets/" + targetPath, maxLength));

    private byte[]? Fetch(string path, long maxLength)
    {
        Requests.Add(path);
        var data = _overrides.TryGetValue(path, out var o) ? o
            : File.Exists(Path.Combine(folder, path)) ? File.ReadAllBytes(Path.Combine(folder, path)) : null;
        if (data is not null && data.Length > maxLength)
        {
            throw new TufException(TufErrorCode.TooLarge, $"{path}: more than {maxLength} bytes");
        }

        return data;
    }
}
