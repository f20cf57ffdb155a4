using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Signet.Core.Notes;

/// <summary>Key names and key IDs as C2SP signed-note defines them.</summary>
public static class NoteKeyId
{
    /// <summary>Signature type 0x01: Ed25519 (C2SP signed-note §Signature types).</summary>
    public const byte Ed25519 = 0x01;

    /// <summary>Signature type 0x02: ECDSA; its key ID is SHA-256 of the SPKI DER (C2SP signed-note §Signature types).</summary>
    public const byte Ecdsa = 0x02;

    /// <summary>Signature type 0x04: timestamped Ed25519 cosignature (C2SP tlog-cosignature).</summary>
    public const byte CosignatureV1 = 0x04;

    /// <summary>key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian (C2SP signed-note §Signatures).</summary>
    public static uint Compute(string name, byte signatureType, ReadOnlySpan<byte> publicKey) =>
        BinaryPrimitives.ReadUInt32BigEndian(Digest(name, signatureType, publicKey));

    /// <summary>
    /// The whole SHA-256(key name || 0x0A || signature type || public key) whose first 4 bytes are the key ID
    /// (C2SP signed-note §Signatures); rekor-tiles uses it as a log's ID (<c>log_id.key_id</c>).
    /// </summary>
    public static byte[] Digest(string name, byte signatureType, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        var buffer = new byte[System.Text.Encoding.UTF8.GetByteCount(name) + 2 + publicKey.Length];
        var n = System.Text.Encoding.UTF8.GetBytes(name, buffer);
        buffer[n] = (byte)'\n';
        buffer[n + 1] = signatureType;
        publicKey.CopyTo(buffer.AsSpan(n + 2));
        return SHA256.HashData(buffer);
    }

    /// <summary>
    /// The ECDSA key ID: SHA-256(DER SPKI)[:4] (C2SP signed-note, type 0x02). Rekor v1 uses the same 4 bytes as its
    /// checkpoint key hint (sigstore/rekor pkg/util/signed_note.go).
    /// </summary>
    public static uint FromSpki(ReadOnlySpan<byte> spkiDer) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(spkiDer));

    /// <summary>Key names MUST be non-empty and MUST NOT contain Unicode spaces or '+' (C2SP signed-note §Format).</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '+' || char.IsWhiteSpace(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false; // not valid UTF-16, so not valid UTF-8 either
            }
        }

        return true;
    }
}
