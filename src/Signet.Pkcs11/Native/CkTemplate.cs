using System.Runtime.InteropServices;
using System.Text;

namespace Signet.Pkcs11.Native;

/// <summary>
/// A CK_ATTRIBUTE template (for C_FindObjectsInit and C_GenerateKeyPair): each value encoded as the module reads it —
/// CK_BBOOL one byte, CK_ULONG the native word, CK_UTF8CHAR text without a terminator, byte arrays as they are — kept in
/// one buffer that <see cref="Fill"/> points the attributes into while the caller holds it pinned.
/// </summary>
internal sealed class CkTemplate
{
    private readonly List<(nuint Type, int Offset, int Length)> _attributes = [];
    private readonly List<byte> _values = [];

    /// <summary>How many attributes the template has.</summary>
    public int Count => _attributes.Count;

    /// <summary>Adds a byte-array attribute (CKA_ID, CKA_EC_PARAMS).</summary>
    public CkTemplate Add(nuint type, ReadOnlySpan<byte> value)
    {
        _attributes.Add((type, _values.Count, value.Length));
        _values.AddRange(value);
        return this;
    }

    /// <summary>Adds a CK_BBOOL attribute (CK_TRUE = 1, CK_FALSE = 0).</summary>
    public CkTemplate Add(nuint type, bool value) => Add(type, [value ? (byte)1 : (byte)0]);

    /// <summary>Adds a CK_ULONG attribute (CKA_CLASS, CKA_KEY_TYPE) in the machine's word size and byte order.</summary>
    public CkTemplate Add(nuint type, nuint value)
    {
        Span<byte> word = stackalloc byte[nuint.Size];
        MemoryMarshal.Write(word, in value);
        return Add(type, word);
    }

    /// <summary>Adds a CK_UTF8CHAR text attribute (CKA_LABEL).</summary>
    public CkTemplate Add(nuint type, string value) => Add(type, Encoding.UTF8.GetBytes(value));

    /// <summary>The encoded values, to pin for the call.</summary>
    public byte[] Values() => [.. _values];

    /// <summary>Writes the attributes into <paramref name="attributes"/>, pointing into the pinned <paramref name="values"/>.</summary>
    public unsafe void Fill(Span<CkAttribute> attributes, byte* values)
    {
        for (var i = 0; i < _attributes.Count; i++)
        {
            var (type, offset, length) = _attributes[i];
            attributes[i] = new CkAttribute { Type = type, Value = values + offset, ValueLength = (nuint)length };
        }
    }
}
