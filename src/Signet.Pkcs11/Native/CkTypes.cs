using System.Runtime.InteropServices;
using System.Text;

namespace Signet.Pkcs11.Native;

// The PKCS#11 v2.40 structures Signet passes to a module (pkcs11t.h), blittable and laid out as C lays them out on
// Linux and macOS: natural alignment (no #pragma pack, which only Windows' headers use) and CK_ULONG = unsigned long,
// the pointer's size (nuint). They cross to the module as pointers; nothing is marshalled.

/// <summary>CK_VERSION: a major and minor version byte.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CkVersion
{
    public byte Major;
    public byte Minor;
}

/// <summary>CK_ATTRIBUTE {type, pValue, ulValueLen} (PKCS#11 v2.40 §3.4 / pkcs11t.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkAttribute
{
    public nuint Type;
    public void* Value;
    public nuint ValueLength;
}

/// <summary>CK_MECHANISM {mechanism, pParameter, ulParameterLen}; Signet's mechanisms take no parameter.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkMechanism
{
    public nuint Mechanism;
    public void* Parameter;
    public nuint ParameterLength;
}

/// <summary>CK_C_INITIALIZE_ARGS: four mutex callbacks (null: the module uses the OS's), flags, pReserved.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkInitializeArgs
{
    public void* CreateMutex;
    public void* DestroyMutex;
    public void* LockMutex;
    public void* UnlockMutex;
    public nuint Flags;
    public void* Reserved;
}

/// <summary>CK_TOKEN_INFO: the blank-padded UTF-8 text fields, the flags, the counters, versions and time.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkTokenInfo
{
    public fixed byte Label[32];
    public fixed byte ManufacturerId[32];
    public fixed byte Model[16];
    public fixed byte SerialNumber[16];
    public nuint Flags;
    public nuint MaxSessionCount;
    public nuint SessionCount;
    public nuint MaxRwSessionCount;
    public nuint RwSessionCount;
    public nuint MaxPinLength;
    public nuint MinPinLength;
    public nuint TotalPublicMemory;
    public nuint FreePublicMemory;
    public nuint TotalPrivateMemory;
    public nuint FreePrivateMemory;
    public CkVersion HardwareVersion;
    public CkVersion FirmwareVersion;
    public fixed byte UtcTime[16];

    /// <summary>The text fields Signet matches a URI against, trimmed.</summary>
    public readonly TokenInfo Read()
    {
        fixed (byte* label = Label, manufacturer = ManufacturerId, model = Model, serial = SerialNumber)
        {
            return new TokenInfo(Text(label, 32), Text(manufacturer, 32), Text(model, 16), Text(serial, 16), Flags);
        }
    }

    // PKCS#11 v2.40 §3.2: the text fields are blank-padded, not NUL-terminated (some modules pad with NULs anyway).
    private static string Text(byte* field, int length) => Encoding.UTF8.GetString(field, length).TrimEnd(' ', '\0');
}

/// <summary>A token's identity as a URI names it (RFC 7512 §2.3 token, manufacturer, model, serial) and its flags.</summary>
internal sealed record TokenInfo(string Label, string ManufacturerId, string Model, string SerialNumber, nuint Flags);

/// <summary>The PKCS#11 v2.40 constants Signet uses (pkcs11t.h), by their names in the standard.</summary>
internal static class CkConstants
{
    public const nuint CKF_RW_SESSION = 0x2;
    public const nuint CKF_SERIAL_SESSION = 0x4;
    public const nuint CKF_TOKEN_INITIALIZED = 0x400;
    public const nuint CKF_OS_LOCKING_OK = 0x2;

    public const nuint CKU_USER = 1;

    public const nuint CKO_PUBLIC_KEY = 0x2;
    public const nuint CKO_PRIVATE_KEY = 0x3;

    public const nuint CKK_EC = 0x3;

    /// <summary>CKK_EC_EDWARDS (PKCS#11 v3.0 §2.3.10).</summary>
    public const nuint CKK_EC_EDWARDS = 0x40;

    public const nuint CKA_CLASS = 0x0;
    public const nuint CKA_TOKEN = 0x1;
    public const nuint CKA_PRIVATE = 0x2;
    public const nuint CKA_LABEL = 0x3;
    public const nuint CKA_KEY_TYPE = 0x100;
    public const nuint CKA_ID = 0x102;
    public const nuint CKA_SENSITIVE = 0x103;
    public const nuint CKA_SIGN = 0x108;
    public const nuint CKA_VERIFY = 0x10A;
    public const nuint CKA_EXTRACTABLE = 0x162;
    public const nuint CKA_EC_PARAMS = 0x180;
    public const nuint CKA_EC_POINT = 0x181;

    public const nuint CKM_EC_KEY_PAIR_GEN = 0x1040;
    public const nuint CKM_ECDSA = 0x1041;

    /// <summary>CKM_EC_EDWARDS_KEY_PAIR_GEN (PKCS#11 v3.0 §2.3.11).</summary>
    public const nuint CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;

    /// <summary>CKM_EDDSA (PKCS#11 v3.0 §2.3.14).</summary>
    public const nuint CKM_EDDSA = 0x1057;
}
