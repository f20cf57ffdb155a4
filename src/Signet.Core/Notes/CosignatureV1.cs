using System.Buffers.Binary;
using System.Globalization;
using NSec.Cryptography;
using Signet.Core.Keys;

namespace Signet.Core.Notes;

/// <summary>
/// C2SP tlog-cosignature v1 (Ed25519, signature type 0x04): a witness signs
/// <c>"cosignature/v1\ntime &lt;T&gt;\n" || checkpoint text</c>; the signature bytes are <c>u64 BE T || 64-byte Ed25519 signature</c>.
/// </summary>
public static class CosignatureV1
{
    /// <summary>Length of the signature after the key ID: 8-byte timestamp and 64-byte Ed25519 signature.</summary>
    public const int SignatureLength = 72;

    /// <summary>The POSIX timestamp of a cosignature (tlog-cosignature §Format), or a format error if it is not one.</summary>
    public static ulong TimestampOf(NoteSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Signature.Length != SignatureLength)
        {
            throw new SignetFormatException($"cosignature {signature.KeyLabel}: {signature.Signature.Length} bytes, expected {SignatureLength}");
        }

        var t = BinaryPrimitives.ReadUInt64BigEndian(signature.Signature);
        return t <= long.MaxValue ? t : throw new SignetFormatException($"cosignature {signature.KeyLabel}: timestamp exceeds 2^63-1");
    }

    // tlog-cosignature §Ed25519 signed message.
    internal static byte[] SignedMessage(ulong timestamp, ReadOnlySpan<byte> text)
    {
        var header = System.Text.Encoding.ASCII.GetBytes("cosignature/v1\ntime " + timestamp.ToString(CultureInfo.InvariantCulture) + "\n");
        var message = new byte[header.Length + text.Length];
        header.CopyTo(message, 0);
        text.CopyTo(message.AsSpan(header.Length));
        return message;
    }
}

/// <summary>Verifies tlog-cosignature v1 (type 0x04) witness cosignatures over a checkpoint.</summary>
public sealed class CosignatureV1Verifier : NoteKey, INoteVerifier
{
    private readonly PublicKey _key;

    internal CosignatureV1Verifier(string name, uint keyHash, PublicKey key)
        : base(name, keyHash) => _key = key;

    /// <inheritdoc/>
    public bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != CosignatureV1.SignatureLength)
        {
            return false;
        }

        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature);
        return timestamp <= long.MaxValue
            && SignatureAlgorithm.Ed25519.Verify(_key, CosignatureV1.SignedMessage(timestamp, text), signature[8..]);
    }
}

/// <summary>
/// Produces tlog-cosignature v1 cosignatures with an Ed25519 key held in memory or in a hardware module
/// (<see cref="SigningKey.FromEd25519Signer"/>); the time comes from the given <see cref="TimeProvider"/>.
/// </summary>
public sealed class CosignatureV1Signer : INoteSigner, IDisposable
{
    private readonly SigningKey _key;
    private readonly TimeProvider _clock;

    /// <summary>Creates a cosigner from a 32-byte Ed25519 seed (RFC 8032 private key).</summary>
    /// <param name="name">The witness's name (the key name of its cosignatures).</param>
    /// <param name="seed">The Ed25519 private key.</param>
    /// <param name="clock">The clock of the cosignatures' timestamps.</param>
    public CosignatureV1Signer(string name, ReadOnlySpan<byte> seed, TimeProvider clock)
        : this(name, SigningKey.FromEd25519Seed(seed), clock)
    {
    }

    /// <summary>Creates a cosigner that signs with <paramref name="key"/>, which it owns from now on.</summary>
    /// <param name="name">The witness's name (the key name of its cosignatures).</param>
    /// <param name="key">An Ed25519 key (<see cref="SigningAlgorithm.PkixEd25519"/>).</param>
    /// <param name="clock">The clock of the cosignatures' timestamps.</param>
    public CosignatureV1Signer(string name, SigningKey key, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(clock);
        if (!NoteKeyId.IsValidName(name))
        {
            throw new ArgumentException("key name must be non-empty without spaces or '+'", nameof(name));
        }

        if (key.Algorithm != SigningAlgorithm.PkixEd25519)
        {
            throw new ArgumentException($"tlog-cosignature v1 needs an Ed25519 key, not {key.Algorithm}", nameof(key));
        }

        _key = key;
        _clock = clock;
        Name = name;
        var pub = key.PublicKey.Ed25519Raw;
        KeyHash = NoteKeyId.Compute(name, NoteKeyId.CosignatureV1, pub);
        VerifierKey = Ed25519NoteKey.FormatKey(name, NoteKeyId.CosignatureV1, pub, pub);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public uint KeyHash { get; }

    /// <summary>The vkey <c>name+hash+base64(0x04 || public key)</c> that verifies this cosigner.</summary>
    public string VerifierKey { get; }

    /// <inheritdoc/>
    public byte[] Sign(ReadOnlySpan<byte> text)
    {
        var timestamp = (ulong)_clock.GetUtcNow().ToUnixTimeSeconds();
        var sig = _key.Sign(CosignatureV1.SignedMessage(timestamp, text));
        var result = new byte[CosignatureV1.SignatureLength];
        BinaryPrimitives.WriteUInt64BigEndian(result, timestamp);
        sig.CopyTo(result, 8);
        return result;
    }

    /// <summary>Releases the Ed25519 private key.</summary>
    public void Dispose() => _key.Dispose();
}
