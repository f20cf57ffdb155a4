using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Signet.Client.Keys;

/// <summary>
/// NaCl's <c>crypto_secretbox</c> (XSalsa20-Poly1305, "Cryptography in NaCl" §9; the box is the 16-byte Poly1305
/// tag followed by the ciphertext), built on BouncyCastle's XSalsa20 and Poly1305. The first 32 bytes of the
/// XSalsa20 key stream are the one-time Poly1305 key; the message is enciphered with the stream from byte 32 on.
/// </summary>
public static class NaclSecretBox
{
    /// <summary>The secret key length: 32 bytes (crypto_secretbox_KEYBYTES).</summary>
    public const int KeySize = 32;

    /// <summary>
    /// The nonce length: 24 bytes (crypto_secretbox_NONCEBYTES); a nonce must never repeat under one key.
    /// </summary>
    public const int NonceSize = 24;

    /// <summary>The Poly1305 authenticator length that precedes the ciphertext: 16 bytes.</summary>
    public const int TagSize = 16;

    /// <summary>
    /// Encrypts and authenticates <paramref name="message"/>: returns the 16-byte tag followed by the ciphertext.
    /// </summary>
    public static byte[] Seal(ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        var stream = KeyStream(nonce, key);
        var polyKey = new byte[32];
        stream.ProcessBytes(new byte[32], 0, 32, polyKey, 0);
        var box = new byte[TagSize + message.Length];
        stream.ProcessBytes(message.ToArray(), 0, message.Length, box, TagSize);
        Tag(polyKey, box.AsSpan(TagSize), box.AsSpan(0, TagSize));
        CryptographicOperations.ZeroMemory(polyKey);
        return box;
    }

    /// <summary>Opens a box; null when the tag does not verify (wrong key, or the box was altered).</summary>
    public static byte[]? Open(ReadOnlySpan<byte> box, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        if (box.Length < TagSize)
        {
            return null;
        }

        var stream = KeyStream(nonce, key);
        var polyKey = new byte[32];
        stream.ProcessBytes(new byte[32], 0, 32, polyKey, 0);
        Span<byte> expected = stackalloc byte[TagSize];
        Tag(polyKey, box[TagSize..], expected);
        CryptographicOperations.ZeroMemory(polyKey);

        // Verify before deciphering anything (encrypt-then-MAC), in constant time.
        if (!CryptographicOperations.FixedTimeEquals(expected, box[..TagSize]))
        {
            return null;
        }

        var message = new byte[box.Length - TagSize];
        stream.ProcessBytes(box[TagSize..].ToArray(), 0, message.Length, message, 0);
        return message;
    }

    private static XSalsa20Engine KeyStream(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize || nonce.Length != NonceSize)
        {
            throw new ArgumentException($"secretbox needs a {KeySize}-byte key and a {NonceSize}-byte nonce");
        }

        var engine = new XSalsa20Engine();
        engine.Init(true, new ParametersWithIV(new KeyParameter(key.ToArray()), nonce.ToArray()));
        return engine;
    }

    private static void Tag(byte[] polyKey, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        var mac = new Poly1305();
        mac.Init(new KeyParameter(polyKey));
        mac.BlockUpdate(ciphertext);
        mac.DoFinal(tag);
    }
}
