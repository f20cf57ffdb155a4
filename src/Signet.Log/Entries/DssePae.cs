using System.Globalization;
using System.Text;

namespace Signet.Log.Entries;

/// <summary>DSSE pre-authentication encoding, the bytes a DSSE signature covers
/// (secure-systems-lab/dsse protocol.md: <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>).</summary>
internal static class DssePae
{
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var mid = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        var pae = new byte[head.Length + type.Length + mid.Length + payload.Length];
        head.CopyTo(pae, 0);
        type.CopyTo(pae, head.Length);
        mid.CopyTo(pae, head.Length + type.Length);
        payload.CopyTo(pae.AsSpan(head.Length + type.Length + mid.Length));
        return pae;
    }
}
