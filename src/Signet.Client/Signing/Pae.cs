using System.Globalization;
using System.Text;

namespace Signet.Client.Signing;

/// <summary>
/// DSSE pre-authentication encoding (DSSE v1 protocol.md): <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>.
/// </summary>
internal static class Pae
{
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var mid = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        var result = new byte[head.Length + type.Length + mid.Length + payload.Length];
        head.CopyTo(result, 0);
        type.CopyTo(result, head.Length);
        mid.CopyTo(result, head.Length + type.Length);
        payload.CopyTo(result.AsSpan(head.Length + type.Length + mid.Length));
        return result;
    }
}
