using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Tsa;

namespace Signet.Testing.Sigstore;

/// <summary>
/// Signet's RFC 3161 responder (<see cref="TimestampAuthority"/>) in process behind <see cref="ITimestamper"/>: the
/// query is built and the reply checked exactly as an RFC 3161 client does (imprint, nonce, status).
/// </summary>
public sealed class InMemoryTimestampAuthority : ITimestamper, IDisposable
{
    private readonly TsaCredentials _credentials;
    private readonly TimestampAuthority _authority;
    private int _issued;

    /// <summary>Creates a TSA whose certificates are valid from an hour ago.</summary>
    public InMemoryTimestampAuthority(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        ValidFrom = time.GetUtcNow().AddHours(-1);
        _credentials = TsaCredentials.Create(ValidFrom);
        _authority = new TimestampAuthority(_credentials, time);
    }

    /// <summary>Where the trusted root's TSA validity window starts.</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>How many timestamps were issued.</summary>
    public int Issued => _issued;

    /// <summary>The TSA as a trusted root lists it (leaf, then root).</summary>
    public CertificateAuthority TrustedRootEntry => new(
        new DistinguishedName("Signet tests", "in-memory TSA"), "https://tsa.in-memory.test",
        [_credentials.Leaf.RawData, _credentials.Root.RawData], new TimeRange(ValidFrom, null), null);

    /// <inheritdoc/>
    public Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        var request = Rfc3161TimestampRequest.CreateFromData(
            signature.Span, HashAlgorithmName.SHA256, nonce: RandomNumberGenerator.GetBytes(8), requestSignerCertificates: true);
        var reply = _authority.Respond(TimestampQuery.Decode(request.Encode()));
        _ = request.ProcessResponse(reply, out _);
        Interlocked.Increment(ref _issued);
        return Task.FromResult(reply);
    }

    /// <inheritdoc/>
    public void Dispose() => _credentials.Dispose();
}
