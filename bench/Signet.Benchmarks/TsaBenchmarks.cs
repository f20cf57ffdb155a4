using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using BenchmarkDotNet.Attributes;
using Signet.Tsa;

namespace Signet.Benchmarks;

/// <summary>
/// Time-stamp tokens per second against the floor they stand on: one raw ECDSA P-256 signature (the baseline).
/// Run: <c>dotnet run -c Release --project bench/Signet.Benchmarks -- --filter '*TsaBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class TsaBenchmarks
{
    private TsaCredentials _credentials = null!;
    private TimestampAuthority _authority = null!;
    private byte[] _queryDer = null!;
    private byte[] _toSign = null!;

    [GlobalSetup]
    public void Setup()
    {
        _credentials = TsaCredentials.Create(DateTimeOffset.UtcNow);
        _authority = new TimestampAuthority(_credentials, TimeProvider.System);
        _queryDer = Rfc3161TimestampRequest.CreateFromData(
            "signature"u8, HashAlgorithmName.SHA256, nonce: new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, requestSignerCertificates: true).Encode();
        _toSign = new byte[200];
    }

    [GlobalCleanup]
    public void Cleanup() => _credentials.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] RawEcdsaP256Sign() => _credentials.SigningKey.SignData(_toSign, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark]
    public byte[] DecodeQueryAndRespond() => _authority.Respond(TimestampQuery.Decode(_queryDer));

    /// <summary>The parts of a response, to see where the time beyond the signature goes.</summary>
    [Benchmark]
    public TimestampQuery DecodeQueryOnly() => TimestampQuery.Decode(_queryDer);

    [Benchmark]
    public byte[] Sha256OfSignedAttributes() => SHA256.HashData(_toSign);
}
