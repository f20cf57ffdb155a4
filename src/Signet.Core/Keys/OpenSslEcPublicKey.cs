using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Signet.Core.Keys;

/// <summary>
/// Imports an ECDSA public key (P-256, P-384, P-521) directly as an OpenSSL 3 provider key with
/// <c>EVP_PKEY_fromdata</c> (OpenSSL 3.0, EVP_PKEY_fromdata(3); the EC key management's <c>group</c> and <c>pub</c>
/// parameters) and hands it to <see cref="ECDsaOpenSsl"/>. .NET's own import (<c>ImportSubjectPublicKeyInfo</c>,
/// <c>ImportParameters</c>) builds a legacy EC_KEY with <c>EC_KEY_set_public_key_affine_coordinates</c> and then calls
/// <c>EC_KEY_check_key</c> again — two n·Q scalar multiplications — and OpenSSL exports that legacy key to its provider
/// on the key's first use: together about two signature verifications per fresh key (bench/README, verification,
/// session 19). The provider import decodes the point with <c>EC_POINT_oct2point</c>, which refuses coordinates outside
/// the field and a point that is not on the curve (SEC 1 v2 §3.2.2.1 steps 1–3; the encoding is checked here first:
/// uncompressed, SEC 1 v2 §2.3.3, so never the point at infinity). Step 4, n·Q = O, holds for every point on a curve of
/// cofactor 1 such as these (SP 800-56A Rev. 3 §5.6.2.3.3), which is why it is not repeated.
/// Used only on Linux when .NET itself runs on OpenSSL 3 and the <c>libcrypto.so.3</c> this process already has loaded
/// reports exactly .NET's OpenSSL version (so the key handle belongs to the library .NET frees it with); elsewhere
/// <see cref="TryImport"/> answers null and the caller imports with .NET.
/// </summary>
internal static unsafe class OpenSslEcPublicKey
{
    // openssl/core.h: OSSL_PARAM data types; openssl/evp.h: EVP_PKEY_PUBLIC_KEY = OSSL_KEYMGMT_SELECT_ALL_PARAMETERS
    // (0x84) | OSSL_KEYMGMT_SELECT_PUBLIC_KEY (0x02).
    private const uint OsslParamUtf8String = 4;
    private const uint OsslParamOctetString = 5;
    private const int EvpPkeyPublicKey = 0x86;

    private static readonly Functions? Native = Load();

    /// <summary>Whether keys are imported through OpenSSL's provider here (Linux, .NET on OpenSSL 3).</summary>
    [SupportedOSPlatformGuard("linux")]
    internal static bool IsAvailable => Native is not null;

    /// <summary>
    /// The key for the uncompressed <paramref name="point"/> on <paramref name="kind"/>'s curve, or null where this route
    /// is not available. A point OpenSSL refuses is a <see cref="CryptographicException"/>.
    /// </summary>
    public static ECDsa? TryImport(KeyKind kind, ReadOnlySpan<byte> point)
    {
        if (!IsAvailable)
        {
            return null;
        }

        // OpenSSL's group names (the "group" parameter), NUL-terminated; the parameter's size excludes the NUL.
        var group = EllipticCurve.Of(kind).NulTerminatedName;
        var f = Native!;
        fixed (byte* ec = "EC\0"u8)
        fixed (byte* groupName = group)
        fixed (byte* groupKey = "group\0"u8)
        fixed (byte* pubKey = "pub\0"u8)
        fixed (byte* pub = point)
        {
            var ctx = f.NewFromName(0, ec, 0);
            if (ctx == 0)
            {
                f.ClearError();
                throw new CryptographicException("OpenSSL has no EC key management");
            }

            try
            {
                var parameters = stackalloc OsslParam[3];
                parameters[0] = new OsslParam { Key = groupKey, DataType = OsslParamUtf8String, Data = groupName, DataSize = (nuint)(group.Length - 1) };
                parameters[1] = new OsslParam { Key = pubKey, DataType = OsslParamOctetString, Data = pub, DataSize = (nuint)point.Length };
                parameters[2] = default; // OSSL_PARAM_END
                nint pkey = 0;
                if (f.FromDataInit(ctx) != 1 || f.FromData(ctx, &pkey, EvpPkeyPublicKey, parameters) != 1 || pkey == 0)
                {
                    f.ClearError();
                    throw new CryptographicException($"OpenSSL refused the {kind} public point (not on the curve or not a field element)");
                }

                // ECDsaOpenSsl takes its own reference to the key (EVP_PKEY_up_ref); this handle frees the import's.
                using var handle = new SafeEvpPKeyHandle(pkey, ownsHandle: true);
                return new ECDsaOpenSsl(handle);
            }
            finally
            {
                f.CtxFree(ctx);
            }
        }
    }

    private static Functions? Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        long version;
        try
        {
            version = SafeEvpPKeyHandle.OpenSslVersion;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or TypeInitializationException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        // OPENSSL_VERSION_NUMBER 0xMNN00PP0L: major 3 only (the provider API).
        if ((version >> 28) != 3 || !NativeLibrary.TryLoad("libcrypto.so.3", out var lib))
        {
            return null;
        }

        if (!NativeLibrary.TryGetExport(lib, "OpenSSL_version_num", out var versionNum)
            || (long)((delegate* unmanaged<nuint>)versionNum)() != version
            || !NativeLibrary.TryGetExport(lib, "EVP_PKEY_CTX_new_from_name", out var newFromName)
            || !NativeLibrary.TryGetExport(lib, "EVP_PKEY_fromdata_init", out var fromDataInit)
            || !NativeLibrary.TryGetExport(lib, "EVP_PKEY_fromdata", out var fromData)
            || !NativeLibrary.TryGetExport(lib, "EVP_PKEY_CTX_free", out var ctxFree)
            || !NativeLibrary.TryGetExport(lib, "ERR_clear_error", out var clearError))
        {
            return null;
        }

        return new Functions(
            (delegate* unmanaged<nint, byte*, nint, nint>)newFromName,
            (delegate* unmanaged<nint, int>)fromDataInit,
            (delegate* unmanaged<nint, nint*, int, OsslParam*, int>)fromData,
            (delegate* unmanaged<nint, void>)ctxFree,
            (delegate* unmanaged<void>)clearError);
    }

    /// <summary>openssl/core.h <c>struct ossl_param_st</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct OsslParam
    {
        public byte* Key;
        public uint DataType;
        public void* Data;
        public nuint DataSize;
        public nuint ReturnSize;
    }

    /// <summary>The libcrypto functions used, each an unmanaged pointer with blittable arguments (Native AOT as JIT).</summary>
    private sealed class Functions(
        delegate* unmanaged<nint, byte*, nint, nint> newFromName,
        delegate* unmanaged<nint, int> fromDataInit,
        delegate* unmanaged<nint, nint*, int, OsslParam*, int> fromData,
        delegate* unmanaged<nint, void> ctxFree,
        delegate* unmanaged<void> clearError)
    {
        /// <summary><c>EVP_PKEY_CTX *EVP_PKEY_CTX_new_from_name(OSSL_LIB_CTX *libctx, const char *name, const char *propquery)</c>.</summary>
        public nint NewFromName(nint libctx, byte* name, nint propquery) => newFromName(libctx, name, propquery);

        /// <summary><c>int EVP_PKEY_fromdata_init(EVP_PKEY_CTX *ctx)</c>.</summary>
        public int FromDataInit(nint ctx) => fromDataInit(ctx);

        /// <summary><c>int EVP_PKEY_fromdata(EVP_PKEY_CTX *ctx, EVP_PKEY **ppkey, int selection, OSSL_PARAM params[])</c>.</summary>
        public int FromData(nint ctx, nint* pkey, int selection, OsslParam* parameters) => fromData(ctx, pkey, selection, parameters);

        /// <summary><c>void EVP_PKEY_CTX_free(EVP_PKEY_CTX *ctx)</c>.</summary>
        public void CtxFree(nint ctx) => ctxFree(ctx);

        /// <summary><c>void ERR_clear_error(void)</c>: a refusal leaves nothing on this thread's OpenSSL error queue.</summary>
        public void ClearError() => clearError();
    }
}
