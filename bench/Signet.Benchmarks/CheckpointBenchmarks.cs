using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Benchmarks;

/// <summary>
/// Checkpoint verification (parse the signed note, find the log key, verify, parse the checkpoint body) against the bare
/// signature verification of the same note text with the same key: the goal is within 1.2x of the baseline.
/// Inputs are real Rekor checkpoints (sigstore-conformance, Apache-2.0; see examples/README.md).
/// </summary>
[MemoryDiagnoser]
public class CheckpointVerifyEd25519Benchmarks
{
    private const string Message = "log2025-alpha1.rekor.sigstage.dev\n736\nrs1YPY0ydAV0lxgfrq5pE4oRpUJwo3syeps5+eGUTDI=\n\n\u2014 log2025-alpha1.rekor.sigstage.dev 8w1amdbj1mjNN674dHAkD92+QZoEgBC7o0mXYSTRluDjQrOPjrps3zQB9ut+ShLepyZPsWBDi5IB3yXyjgjQT6OG9A8=\n";
    private const string Spki = "MCowBQYDK2VwAyEAPn+AREHoBaZ7wgS1zBqpxmLSGnyhxXj4lFxSdWVB8o8=";

    private byte[] _message = [];
    private byte[] _text = [];
    private byte[] _signature = [];
    private INoteVerifier _verifier = null!;
    private NSec.Cryptography.PublicKey _publicKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = System.Text.Encoding.UTF8.GetBytes(Message);
        var note = SignedNote.Parse(_message);
        _text = System.Text.Encoding.UTF8.GetBytes(note.Text);
        _signature = note.Signatures[0].Signature;
        var spki = Convert.FromBase64String(Spki);
        _verifier = RekorNoteVerifier.Create("log2025-alpha1.rekor.sigstage.dev", VerificationKey.FromSpki(spki));
        _publicKey = NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, spki.AsSpan(12), NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        if (!RawEd25519Verify() || CheckpointVerify().Checkpoint.Size != 736)
        {
            throw new InvalidOperationException("benchmark inputs do not verify");
        }
    }

    [Benchmark(Baseline = true)]
    public bool RawEd25519Verify() => NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(_publicKey, _text, _signature);

    [Benchmark]
    public VerifiedCheckpoint CheckpointVerify() => CheckpointVerifier.Verify(_message, _verifier);

    /// <summary>What checkpoint verification adds to the signature check: note and checkpoint parsing alone.</summary>
    [Benchmark]
    public Checkpoint ParseOnly() => Checkpoint.Parse(SignedNote.Parse(_message).Text);
}

/// <summary>The same comparison for a Rekor v1 (ECDSA P-256, SHA-256) checkpoint.</summary>
[MemoryDiagnoser]
public class CheckpointVerifyEcdsaBenchmarks
{
    private const string Message = "rekor.sigstore.dev - 2605736670972794746\n75408393\nFnnj13Uu1jdksPc4HZLapKX329dVlD5+MGNsiqBq1XM=\n\n\u2014 rekor.sigstore.dev wNI9ajBFAiBTyiBM9WtyOTgohje6QZ5rFGJUdMq7Wk3A6oThE98SUgIhAMvxDwa7FyqRqg+YV3rdPPrfS23w19iK+piMSGVOmP5w\n";
    private const string Spki = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==";

    private byte[] _message = [];
    private byte[] _text = [];
    private byte[] _signature = [];
    private INoteVerifier _verifier = null!;
    private ECDsa _ecdsa = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = System.Text.Encoding.UTF8.GetBytes(Message);
        var note = SignedNote.Parse(_message);
        _text = System.Text.Encoding.UTF8.GetBytes(note.Text);
        _signature = note.Signatures[0].Signature;
        var spki = Convert.FromBase64String(Spki);
        _verifier = RekorNoteVerifier.Create("rekor.sigstore.dev", VerificationKey.FromSpki(spki));
        _ecdsa = ECDsa.Create();
        _ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
        if (!RawEcdsaVerify() || CheckpointVerify().Checkpoint.Size != 75408393)
        {
            throw new InvalidOperationException("benchmark inputs do not verify");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _ecdsa.Dispose();

    [Benchmark(Baseline = true)]
    public bool RawEcdsaVerify() => _ecdsa.VerifyData(_text, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark]
    public VerifiedCheckpoint CheckpointVerify() => CheckpointVerifier.Verify(_message, _verifier);
}
