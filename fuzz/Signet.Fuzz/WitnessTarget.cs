using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;
using Signet.Witness;

namespace Signet.Fuzz;

/// <summary>
/// The witness's <c>add-checkpoint</c> (C2SP tlog-witness, <see cref="TlogWitness.AddCheckpoint"/>): the input is a
/// request body for a log the witness follows, whose key is a fixed Ed25519 test key, and whose state the witness holds
/// at size <see cref="KnownSize"/> (a SQLite store in a temporary folder, put back to that size whenever an input
/// advanced it, so every input meets the same state). Seeds (<c>Signet.Fuzz witness-seeds DIR</c>) are real requests:
/// from size 0, from the known size to a larger one with its consistency proof, and at the known size.
/// </summary>
internal static class WitnessTarget
{
    public const string Origin = "log.example/fuzz";
    public const ulong KnownSize = 5;

    // PKCS#8 DER of two Ed25519 test keys (fixed seeds: 32 × 0x4c for the log, 32 × 0x57 for the witness).
    private static readonly byte[] Pkcs8Prefix = Convert.FromHexString("302e020100300506032b657004220420");
    private static readonly Lazy<Witness> State = new(() => new Witness());

    public static void Run(byte[] data) => FuzzTargets.Each(data, d => State.Value.Add(d));

    /// <summary>Writes the seed requests into <paramref name="dir"/>.</summary>
    public static void WriteSeeds(string dir)
    {
        Directory.CreateDirectory(dir);
        using var log = new TestLog();
        File.WriteAllBytes(Path.Combine(dir, "from-0.txt"), log.Request(0, 3));
        File.WriteAllBytes(Path.Combine(dir, "from-known.txt"), log.Request(KnownSize, 11));
        File.WriteAllBytes(Path.Combine(dir, "at-known.txt"), log.Request(KnownSize, KnownSize));
        File.WriteAllBytes(Path.Combine(dir, "empty-tree.txt"), log.Request(0, 0));
    }

    private static SigningKey Ed25519(byte fill) => SigningKey.FromPkcs8([.. Pkcs8Prefix, .. Enumerable.Repeat(fill, 32)]);

    /// <summary>The witness under test and its store, reset to <see cref="KnownSize"/> when an input moved it.</summary>
    private sealed class Witness : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("signet-fuzz-witness-").FullName;
        private readonly TestLog _log = new();
        private readonly WitnessedLogs _logs;
        private readonly CosignatureV1Signer _cosigner;
        private WitnessStore _store = null!;
        private TlogWitness _witness = null!;
        private int _generation;

        public Witness()
        {
            _logs = new WitnessedLogs([new WitnessedLog(Origin, Ed25519NoteKey.ParseVerifier(_log.VerifierKey))]);
            _cosigner = new CosignatureV1Signer("witness.example/fuzz", Enumerable.Repeat((byte)0x57, 32).ToArray(), TimeProvider.System);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
            Reset();
        }

        public void Add(byte[] body)
        {
            try
            {
                _ = _witness.AddCheckpoint(body);
            }
            finally
            {
                if (_store.Latest(Origin)?.Size != KnownSize)
                {
                    Reset();
                }
            }
        }

        public void Dispose()
        {
            _log.Dispose();
            _cosigner.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dir, recursive: true);
        }

        private void Reset()
        {
            _store = WitnessStore.Open(Path.Combine(_dir, $"witness-{_generation++}.db"));
            var known = _log.Checkpoint(KnownSize);
            _ = _store.TryAdvance(null, new CosignedCheckpoint(Origin, KnownSize, _log.Root(KnownSize), known));
            _witness = new TlogWitness(_cosigner, _logs, _store);
        }
    }

    /// <summary>A log of 16 leaves ("entry N") signed with the fixed log key: roots, checkpoints and proofs.</summary>
    private sealed class TestLog : INodeSource, IDisposable
    {
        private readonly SigningKey _key = Ed25519(0x4c);
        private readonly byte[][] _leaves = [.. Enumerable.Range(0, 16).Select(i => Rfc6962.HashLeaf(System.Text.Encoding.UTF8.GetBytes($"entry {i}")))];

        public string VerifierKey => Ed25519NoteKey.FormatVerifier(Origin, _key.PublicKey.SpkiDer.AsSpan(12));

        public byte[] Root(ulong size) => size == 0 ? Rfc6962.EmptyRoot.ToArray() : Hash(0, (int)size);

        public byte[] Checkpoint(ulong size) =>
            NoteOpener.Sign(new Checkpoint(Origin, size, Root(size), []).Format(), RekorNoteSigner.Create(Origin, _key));

        public byte[] Request(ulong old, ulong size) =>
            new AddCheckpointRequest(old, old == 0 || old == size ? [] : ConsistencyProof.Build(old, size, this), Checkpoint(size)).Format();

        public byte[] GetNode(NodeId id) => Hash((int)id.Begin, (int)id.End);

        public void Dispose() => _key.Dispose();

        // RFC 6962 §2.1: the hash of leaves [begin, end), split at the largest power of two below the count.
        private byte[] Hash(int begin, int end)
        {
            if (end - begin == 1)
            {
                return _leaves[begin];
            }

            var split = 1;
            while (split * 2 < end - begin)
            {
                split *= 2;
            }

            return Rfc6962.HashChildren(Hash(begin, begin + split), Hash(begin + split, end));
        }
    }
}
