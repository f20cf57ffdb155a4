using System.Runtime.InteropServices;
using System.Text;
using static Signet.Pkcs11.Native.CkConstants;
using static Signet.Pkcs11.Native.CkReturnValue;

namespace Signet.Pkcs11.Native;

/// <summary>
/// A loaded PKCS#11 module and the functions of its CK_FUNCTION_LIST that Signet calls, each through an unmanaged
/// function pointer with blittable arguments (nothing is marshalled, so the Native AOT build calls them as the JIT build
/// does). A CK_RV other than CKR_OK is a <see cref="Pkcs11CallException"/>; every length the module reports is bounded
/// before anything is allocated for it.
/// </summary>
internal sealed unsafe class CkFunctionList : IDisposable
{
    /// <summary>The longest attribute value or signature accepted from a module.</summary>
    public const int MaxValueLength = 64 * 1024;

    /// <summary>The most slots, and the most matching objects, counted.</summary>
    public const int MaxCount = 1024;

    // pkcs11f.h (v2.40): the function pointers of CK_FUNCTION_LIST follow its CK_VERSION in this order, C_Initialize at
    // 0, C_Finalize 1, C_GetInfo 2, C_GetFunctionList 3, C_GetSlotList 4, C_GetSlotInfo 5, C_GetTokenInfo 6,
    // C_GetMechanismList 7, C_GetMechanismInfo 8, C_InitToken 9, C_InitPIN 10, C_SetPIN 11, C_OpenSession 12,
    // C_CloseSession 13, C_CloseAllSessions 14, C_GetSessionInfo 15, C_GetOperationState 16, C_SetOperationState 17,
    // C_Login 18, C_Logout 19, C_CreateObject 20, C_CopyObject 21, C_DestroyObject 22, C_GetObjectSize 23,
    // C_GetAttributeValue 24, C_SetAttributeValue 25, C_FindObjectsInit 26, C_FindObjects 27, C_FindObjectsFinal 28,
    // C_Encrypt* 29–32, C_Decrypt* 33–36, C_Digest* 37–41, C_SignInit 42, C_Sign 43, C_SignUpdate 44, C_SignFinal 45,
    // C_SignRecover* 46–47, C_Verify* 48–53, dual-function updates 54–57, C_GenerateKey 58, C_GenerateKeyPair 59, …

    private readonly nint _library;
    private readonly delegate* unmanaged<CkInitializeArgs*, nuint> _initialize;
    private readonly delegate* unmanaged<void*, nuint> _finalize;
    private readonly delegate* unmanaged<byte, nuint*, nuint*, nuint> _getSlotList;
    private readonly delegate* unmanaged<nuint, CkTokenInfo*, nuint> _getTokenInfo;
    private readonly delegate* unmanaged<nuint, nuint, void*, void*, nuint*, nuint> _openSession;
    private readonly delegate* unmanaged<nuint, nuint> _closeSession;
    private readonly delegate* unmanaged<nuint, nuint, byte*, nuint, nuint> _login;
    private readonly delegate* unmanaged<nuint, nuint> _logout;
    private readonly delegate* unmanaged<nuint, nuint, CkAttribute*, nuint, nuint> _getAttributeValue;
    private readonly delegate* unmanaged<nuint, CkAttribute*, nuint, nuint> _findObjectsInit;
    private readonly delegate* unmanaged<nuint, nuint*, nuint, nuint*, nuint> _findObjects;
    private readonly delegate* unmanaged<nuint, nuint> _findObjectsFinal;
    private readonly delegate* unmanaged<nuint, CkMechanism*, nuint, nuint> _signInit;
    private readonly delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> _sign;
    private readonly delegate* unmanaged<nuint, CkMechanism*, CkAttribute*, nuint, CkAttribute*, nuint, nuint*, nuint*, nuint> _generateKeyPair;
    private bool _finalizeOnDispose;

    private CkFunctionList(nint library, nint* functions)
    {
        _library = library;
        _initialize = (delegate* unmanaged<CkInitializeArgs*, nuint>)Required(functions, 0, "C_Initialize");
        _finalize = (delegate* unmanaged<void*, nuint>)Required(functions, 1, "C_Finalize");
        _getSlotList = (delegate* unmanaged<byte, nuint*, nuint*, nuint>)Required(functions, 4, "C_GetSlotList");
        _getTokenInfo = (delegate* unmanaged<nuint, CkTokenInfo*, nuint>)Required(functions, 6, "C_GetTokenInfo");
        _openSession = (delegate* unmanaged<nuint, nuint, void*, void*, nuint*, nuint>)Required(functions, 12, "C_OpenSession");
        _closeSession = (delegate* unmanaged<nuint, nuint>)Required(functions, 13, "C_CloseSession");
        _login = (delegate* unmanaged<nuint, nuint, byte*, nuint, nuint>)Required(functions, 18, "C_Login");
        _logout = (delegate* unmanaged<nuint, nuint>)Required(functions, 19, "C_Logout");
        _getAttributeValue = (delegate* unmanaged<nuint, nuint, CkAttribute*, nuint, nuint>)Required(functions, 24, "C_GetAttributeValue");
        _findObjectsInit = (delegate* unmanaged<nuint, CkAttribute*, nuint, nuint>)Required(functions, 26, "C_FindObjectsInit");
        _findObjects = (delegate* unmanaged<nuint, nuint*, nuint, nuint*, nuint>)Required(functions, 27, "C_FindObjects");
        _findObjectsFinal = (delegate* unmanaged<nuint, nuint>)Required(functions, 28, "C_FindObjectsFinal");
        _signInit = (delegate* unmanaged<nuint, CkMechanism*, nuint, nuint>)Required(functions, 42, "C_SignInit");
        _sign = (delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint>)Required(functions, 43, "C_Sign");
        _generateKeyPair = (delegate* unmanaged<nuint, CkMechanism*, CkAttribute*, nuint, CkAttribute*, nuint, nuint*, nuint*, nuint>)Required(functions, 59, "C_GenerateKeyPair");
    }

    /// <summary>Loads the shared library and reads its function list (C_GetFunctionList); nothing is initialised yet.</summary>
    /// <exception cref="Pkcs11LoadException">It does not load, has no C_GetFunctionList, or its list is unusable.</exception>
    public static CkFunctionList Load(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            // Windows' PKCS#11 headers pack the structures to one byte and CK_ULONG is 32 bits there.
            throw new Pkcs11LoadException("PKCS#11 modules are supported on Linux and macOS");
        }

        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new Pkcs11LoadException(LoaderReason(e.Message), e);
        }

        try
        {
            if (!NativeLibrary.TryGetExport(library, "C_GetFunctionList", out var export))
            {
                throw new Pkcs11LoadException("it exports no C_GetFunctionList (not a PKCS#11 module)");
            }

            void* list = null;
            var rv = ((delegate* unmanaged<void**, nuint>)export)(&list);
            if (rv != CKR_OK || list is null)
            {
                throw new Pkcs11LoadException($"C_GetFunctionList returned {Name(rv)}{(list is null ? " and no list" : "")}");
            }

            // CK_FUNCTION_LIST: CK_VERSION (two bytes), then the pointers at the pointer's alignment.
            var version = *(CkVersion*)list;
            var functions = (nint*)((byte*)list + sizeof(nint));
            if (version.Major < 2)
            {
                throw new Pkcs11LoadException($"its function list is PKCS#11 version {version.Major}.{version.Minor}, not 2.x or later");
            }

            return new CkFunctionList(library, functions);
        }
        catch
        {
            NativeLibrary.Free(library);
            throw;
        }
    }

    /// <summary>C_Initialize with CKF_OS_LOCKING_OK (callable from any thread); a module another part of this process
    /// initialised (CKR_CRYPTOKI_ALREADY_INITIALIZED) is used as it is and not finalised by this one.</summary>
    public void Initialize()
    {
        var args = new CkInitializeArgs { Flags = CKF_OS_LOCKING_OK };
        var rv = _initialize(&args);
        if (rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        {
            Check(rv, "C_Initialize");
            _finalizeOnDispose = true;
        }
    }

    /// <summary>C_GetSlotList: the slots (with a token present when <paramref name="tokenPresent"/>).</summary>
    public nuint[] GetSlotList(bool tokenPresent)
    {
        var present = tokenPresent ? (byte)1 : (byte)0;
        nuint count = 0;
        Check(_getSlotList(present, null, &count), "C_GetSlotList");
        for (var attempt = 0; ; attempt++)
        {
            var slots = new nuint[Bounded(count, MaxCount, "slots", "C_GetSlotList")];
            fixed (nuint* p = slots)
            {
                var rv = _getSlotList(present, slots.Length == 0 ? null : p, &count);
                if (rv == CKR_BUFFER_TOO_SMALL && attempt < 3)
                {
                    continue; // a token arrived between the two calls
                }

                Check(rv, "C_GetSlotList");
            }

            return slots[..Bounded(count, slots.Length, "slots", "C_GetSlotList")];
        }
    }

    /// <summary>C_GetTokenInfo of <paramref name="slot"/>.</summary>
    public TokenInfo GetTokenInfo(nuint slot)
    {
        CkTokenInfo info;
        Check(_getTokenInfo(slot, &info), "C_GetTokenInfo");
        return info.Read();
    }

    /// <summary>C_OpenSession (a serial read-write session, no notification callback); the session's handle.</summary>
    public nuint OpenSession(nuint slot)
    {
        nuint session;
        Check(_openSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, null, null, &session), "C_OpenSession");
        return session;
    }

    /// <summary>C_CloseSession; its CK_RV (closing is best effort: the module is finalised after the last one).</summary>
    public nuint CloseSession(nuint session) => _closeSession(session);

    /// <summary>C_Login as the normal user (CKU_USER) with the PIN's UTF-8 bytes.</summary>
    public void Login(nuint session, string pin)
    {
        var bytes = Encoding.UTF8.GetBytes(pin);
        fixed (byte* p = NotEmpty(bytes))
        {
            Check(_login(session, CKU_USER, p, (nuint)bytes.Length), "C_Login");
        }
    }

    /// <summary>C_Logout; its CK_RV (best effort, before the module's last session closes).</summary>
    public nuint Logout(nuint session) => _logout(session);

    /// <summary>
    /// C_GetAttributeValue of the <paramref name="types"/>, twice: the lengths, then the values. An attribute the object
    /// does not have or keeps secret (CKR_ATTRIBUTE_TYPE_INVALID, CKR_ATTRIBUTE_SENSITIVE; its length
    /// CK_UNAVAILABLE_INFORMATION) is null.
    /// </summary>
    public byte[]?[] GetAttributeValues(nuint session, nuint obj, ReadOnlySpan<nuint> types)
    {
        var attributes = new CkAttribute[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            attributes[i].Type = types[i];
        }

        GetAttributeValue(session, obj, attributes);
        var offsets = new int[types.Length];
        var total = 0;
        for (var i = 0; i < attributes.Length; i++)
        {
            offsets[i] = total;
            total += attributes[i].ValueLength == nuint.MaxValue ? 0 : Bounded(attributes[i].ValueLength, MaxValueLength, "bytes of attribute", "C_GetAttributeValue");
        }

        var buffer = new byte[Math.Max(total, 1)];
        fixed (byte* values = buffer)
        {
            for (var i = 0; i < attributes.Length; i++)
            {
                var readable = attributes[i].ValueLength != nuint.MaxValue;
                attributes[i].Value = readable ? values + offsets[i] : null;
                attributes[i].ValueLength = readable ? attributes[i].ValueLength : 0;
            }

            GetAttributeValue(session, obj, attributes);
        }

        var result = new byte[]?[types.Length];
        for (var i = 0; i < attributes.Length; i++)
        {
            var given = (i + 1 < offsets.Length ? offsets[i + 1] : total) - offsets[i];
            result[i] = attributes[i].Value is null || attributes[i].ValueLength == nuint.MaxValue
                ? null
                : buffer.AsSpan(offsets[i], Bounded(attributes[i].ValueLength, given, "bytes of attribute", "C_GetAttributeValue")).ToArray();
        }

        return result;
    }

    /// <summary>C_FindObjectsInit, C_FindObjects until none is left (or <see cref="MaxCount"/>), C_FindObjectsFinal.</summary>
    public List<nuint> FindObjects(nuint session, CkTemplate template)
    {
        var values = template.Values();
        Span<CkAttribute> attributes = stackalloc CkAttribute[template.Count];
        fixed (byte* v = NotEmpty(values))
        fixed (CkAttribute* a = attributes)
        {
            template.Fill(attributes, v);
            Check(_findObjectsInit(session, template.Count == 0 ? null : a, (nuint)template.Count), "C_FindObjectsInit");
        }

        var found = new List<nuint>();
        var failed = true;
        try
        {
            var batch = stackalloc nuint[16];
            nuint count;
            do
            {
                Check(_findObjects(session, batch, 16, &count), "C_FindObjects");
                var n = Bounded(count, 16, "objects", "C_FindObjects");
                for (var i = 0; i < n; i++)
                {
                    found.Add(batch[i]);
                }
            }
            while (count > 0 && found.Count < MaxCount);

            failed = false;
        }
        finally
        {
            var rv = _findObjectsFinal(session);
            if (!failed)
            {
                Check(rv, "C_FindObjectsFinal");
            }
        }

        return found;
    }

    /// <summary>C_SignInit with a parameterless <paramref name="mechanism"/>, then C_Sign twice: the length, the signature.</summary>
    public byte[] Sign(nuint session, nuint mechanism, nuint key, ReadOnlySpan<byte> data)
    {
        var ck = new CkMechanism { Mechanism = mechanism };
        Check(_signInit(session, &ck, key), "C_SignInit");
        fixed (byte* d = NotEmpty(data))
        {
            nuint length = 0;
            Check(_sign(session, d, (nuint)data.Length, null, &length), "C_Sign");
            var signature = new byte[Math.Max(Bounded(length, MaxValueLength, "bytes of signature", "C_Sign"), 1)];
            fixed (byte* s = signature)
            {
                length = (nuint)signature.Length;
                Check(_sign(session, d, (nuint)data.Length, s, &length), "C_Sign");
            }

            return signature[..Bounded(length, signature.Length, "bytes of signature", "C_Sign")];
        }
    }

    /// <summary>C_GenerateKeyPair with a parameterless <paramref name="mechanism"/> and the two templates.</summary>
    public void GenerateKeyPair(nuint session, nuint mechanism, CkTemplate publicTemplate, CkTemplate privateTemplate)
    {
        var ck = new CkMechanism { Mechanism = mechanism };
        var publicValues = publicTemplate.Values();
        var privateValues = privateTemplate.Values();
        Span<CkAttribute> publicAttributes = stackalloc CkAttribute[publicTemplate.Count];
        Span<CkAttribute> privateAttributes = stackalloc CkAttribute[privateTemplate.Count];
        fixed (byte* pv = NotEmpty(publicValues), sv = NotEmpty(privateValues))
        fixed (CkAttribute* pa = publicAttributes, sa = privateAttributes)
        {
            publicTemplate.Fill(publicAttributes, pv);
            privateTemplate.Fill(privateAttributes, sv);
            nuint publicKey, privateKey;
            Check(_generateKeyPair(session, &ck, pa, (nuint)publicTemplate.Count, sa, (nuint)privateTemplate.Count, &publicKey, &privateKey), "C_GenerateKeyPair");
        }
    }

    /// <summary>C_Finalize (when this process initialised the module) and unloads the library.</summary>
    public void Dispose()
    {
        if (_finalizeOnDispose)
        {
            _finalizeOnDispose = false;
            _ = _finalize(null);
        }

        NativeLibrary.Free(_library);
    }

    private static nint Required(nint* functions, int index, string name) =>
        functions[index] != 0 ? functions[index] : throw new Pkcs11LoadException($"its function list has no {name}");

    private void GetAttributeValue(nuint session, nuint obj, CkAttribute[] attributes)
    {
        fixed (CkAttribute* a = attributes)
        {
            var rv = _getAttributeValue(session, obj, a, (nuint)attributes.Length);
            if (rv is not (CKR_ATTRIBUTE_SENSITIVE or CKR_ATTRIBUTE_TYPE_INVALID))
            {
                Check(rv, "C_GetAttributeValue");
            }
        }
    }

    private static void Check(nuint rv, string function)
    {
        if (rv != CKR_OK)
        {
            throw new Pkcs11CallException(rv, function);
        }
    }

    // A length or count the module reports, refused above the bound (before anything is allocated for it).
    private static int Bounded(nuint value, int max, string what, string function) => value <= (nuint)max
        ? (int)value
        : throw new Pkcs11CallException(function, $"the module reports {value} {what}, more than the {max} accepted");

    // A pointer to an empty buffer would be null, which PKCS#11 reads as "tell me the length": point at one byte instead.
    private static ReadOnlySpan<byte> NotEmpty(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? [0] : bytes;

    // The runtime's message is its advice on diagnosing loads (strace, LD_DEBUG) and then the loader's own lines
    // (dlerror: "PATH: invalid ELF header"): the loader's lines say why, the advice is left out.
    private static string LoaderReason(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 1 && lines[0].StartsWith("Unable to load shared library", StringComparison.Ordinal)
            ? OneLine(string.Join('\n', lines[1..]))
            : OneLine(message);
    }

    private static string OneLine(string message) => string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
