using System.Buffers;
using System.Buffers.Binary;

namespace Signet.Core.Ct;

/// <summary>The TLS presentation-language encodings RFC 6962 uses (RFC 5246 §4): big-endian integers, length-prefixed vectors.</summary>
internal sealed class TlsWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public void WriteUInt8(byte v) => _buffer.Write([v]);

    public void WriteUInt16(int v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, checked((ushort)v));
        _buffer.Write(b);
    }

    public void WriteUInt64(ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        _buffer.Write(b);
    }

    public void WriteBytes(ReadOnlySpan<byte> v) => _buffer.Write(v);

    /// <summary>A vector with a 1-, 2- or 3-byte length prefix.</summary>
    public void WriteVector(ReadOnlySpan<byte> v, int lengthBytes)
    {
        var max = (1L << (8 * lengthBytes)) - 1;
        if (v.Length > max)
        {
            throw new ArgumentException($"vector of {v.Length} bytes does not fit a {lengthBytes}-byte length");
        }

        for (var i = lengthBytes - 1; i >= 0; i--)
        {
            _buffer.Write([(byte)(v.Length >> (8 * i))]);
        }

        _buffer.Write(v);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
