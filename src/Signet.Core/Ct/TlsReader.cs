using System.Buffers.Binary;

namespace Signet.Core.Ct;

/// <summary>Reads RFC 6962 TLS encodings; every short read is a <see cref="SignetFormatException"/> naming <c>what</c>.</summary>
internal ref struct TlsReader
{
    private readonly string _what;
    private ReadOnlySpan<byte> _rest;

    public TlsReader(ReadOnlySpan<byte> data, string what)
    {
        _rest = data;
        _what = what;
    }

    public readonly bool IsEmpty => _rest.IsEmpty;

    public byte ReadUInt8() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes(int n) => Take(n);

    public ReadOnlySpan<byte> ReadVector(int lengthBytes)
    {
        var len = 0;
        foreach (var b in Take(lengthBytes))
        {
            len = (len << 8) | b;
        }

        return Take(len);
    }

    public readonly void ThrowIfNotEmpty()
    {
        if (!_rest.IsEmpty)
        {
            throw new SignetFormatException($"{_what}: {_rest.Length} trailing bytes");
        }
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > _rest.Length)
        {
            throw new SignetFormatException($"{_what}: truncated");
        }

        var s = _rest[..n];
        _rest = _rest[n..];
        return s;
    }
}
