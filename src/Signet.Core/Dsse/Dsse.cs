using System.Globalization;
using Signet.Core.Keys;

namespace Signet.Core.Dsse;

/// <summary>DSSE v1 signing and verification (secure-systems-lab/dsse protocol.md).</summary>
public static class Dsse
{
    /// <summary>
    /// Pre-Authentication Encoding (protocol.md §Signature definition):
    /// <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, LEN = ASCII decimal byte length.
    /// </summary>
    public static byte[] Pae(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        var type = System.Text.Encoding.UTF8.GetBytes(payloadType);
        var header = System.Text.Encoding.ASCII.GetBytes(
            "DSSEv1 " + type.Length.ToString(CultureInfo.InvariantCulture) + " ");
        var middle = System.Text.Encoding.ASCII.GetBytes(" " + payload.Length.ToString(CultureInfo.InvariantCulture) + " ");
        var pae = new byte[header.Length + type.Length + middle.Length + payload.Length];
        var span = pae.AsSpan();
        header.CopyTo(span);
        type.CopyTo(span[header.Length..]);
        middle.CopyTo(span[(header.Length + type.Length)..]);
        payload.CopyTo(span[(header.Length + type.Length + middle.Length)..]);
        return pae;
    }

    /// <summary>Signs the PAE of the payload with <paramref name="key"/>; the envelope carries one signature.</summary>
    public static DsseEnvelope Sign(string payloadType, byte[] payload, SigningKey key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        return new DsseEnvelope(payloadType, payload, [new DsseSignature(keyId, key.Sign(Pae(payloadType, payload)))]);
    }

    /// <summary>True when at least one signature of the envelope verifies over the PAE with <paramref name="key"/>.</summary>
    public static bool Verify(DsseEnvelope envelope, VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(key);
        if (envelope.Signatures.Count == 0)
        {
            return false;
        }

        var pae = Pae(envelope.PayloadType, envelope.Payload);
        foreach (var s in envelope.Signatures)
        {
            if (key.Verify(pae, s.Sig))
            {
                return true;
            }
        }

        return false;
    }
}
