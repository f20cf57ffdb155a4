using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Signet.Core;

namespace Signet.Pkcs11;

/// <summary>
/// The loaded PKCS#11 modules of this process, one per shared library, counted: a module is initialised (C_Initialize)
/// on first use and finalised (C_Finalize) when its last session closes, so a later use reads the module's
/// configuration afresh (SoftHSM2 reads <c>SOFTHSM2_CONF</c> at initialisation).
/// </summary>
internal static class Pkcs11Module
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (IPkcs11Library Library, int Users)> Loaded = new(StringComparer.Ordinal);

    static Pkcs11Module()
    {
        // Pkcs11Interop opens modules through dlopen in "libdl"; glibc 2.34 folded libdl into libc and ships only
        // libdl.so.2 (no unversioned libdl.so without the -dev package), so name the versioned file, then libc.
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, path) =>
            name == "libdl" && OperatingSystem.IsLinux()
                ? NativeLibrary.TryLoad("libdl.so.2", out var dl) || NativeLibrary.TryLoad("libc.so.6", out dl) ? dl : IntPtr.Zero
                : IntPtr.Zero);
    }

    /// <summary>The factories every call goes through.</summary>
    public static Pkcs11InteropFactories Factories { get; } = new();

    /// <summary>Opens a read-write session on the token the URI names, logged in with its PIN when it gives one.</summary>
    /// <exception cref="SignetFormatException">The module does not load, no single token matches, or the PIN is wrong.</exception>
    public static Session OpenSession(Pkcs11Uri uri)
    {
        // Pkcs11Interop marshals its CK_* structures and C_* function pointers with the reflection-based Marshal API,
        // which the Native AOT signet cannot do (NotSupportedException: "missing structure marshalling data"). Refuse
        // before any module is touched, with one line, rather than fail half-way through a session.
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new SignetFormatException($"PKCS#11 {uri}: keys in a PKCS#11 module need the .NET runtime build of signet (the dotnet tool or ./signet); this Native AOT binary cannot load a PKCS#11 module");
        }

        IPkcs11Library library;
        try
        {
            library = Acquire(uri.ModulePath);
        }
        catch (Exception e)
        {
            throw Describe(e, uri);
        }

        try
        {
            var slot = FindSlot(library, uri);
            var session = slot.OpenSession(SessionType.ReadWrite);
            try
            {
                if (Pin(uri) is { } pin)
                {
                    Login(session, pin, uri);
                }

                return new Session(session, uri.ModulePath);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
        catch (Exception e)
        {
            Release(uri.ModulePath);
            throw Describe(e, uri);
        }
    }

    /// <summary>One line for a failure of the module, in the words of the URI that led to it.</summary>
    public static Exception Describe(Exception e, Pkcs11Uri uri) => e switch
    {
        SignetException => e,
        Pkcs11Exception p => new SignetFormatException($"PKCS#11 {uri}: {p.RV} from {p.Method}", p),
        _ when e is UnmanagedException or LibraryArchitectureException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException
            => new SignetFormatException($"PKCS#11 module {uri.ModulePath} cannot be loaded: {e.Message}", e),
        _ => e,
    };

    private static void Login(ISession session, string pin, Pkcs11Uri uri)
    {
        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // PKCS#11 §5.6: the login state is the application's, shared by all its sessions on the token.
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE)
        {
            throw new SignetFormatException($"PKCS#11 {uri}: the PIN is wrong ({e.RV})", e);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_PIN_LOCKED)
        {
            throw new SignetFormatException($"PKCS#11 {uri}: the token's PIN is locked", e);
        }
    }

    private static string? Pin(Pkcs11Uri uri)
    {
        if (uri.PinValue is { } value)
        {
            return value;
        }

        if (uri.PinSource is not { } source)
        {
            return null;
        }

        // RFC 7512 §2.3: pin-source is a URI; cosign also takes a plain path.
        var path = source.StartsWith("file:", StringComparison.Ordinal) && Uri.TryCreate(source, UriKind.Absolute, out var u) ? u.LocalPath : source;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > 1024)
            {
                throw new SignetFormatException($"PKCS#11 pin-source {path}: larger than 1024 bytes");
            }

            var text = File.ReadAllText(path);
            var end = text.IndexOfAny(['\r', '\n']);
            return end < 0 ? text : text[..end];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignetFormatException($"PKCS#11 pin-source {path} cannot be read: {e.Message}", e);
        }
    }

    private static ISlot FindSlot(IPkcs11Library library, Pkcs11Uri uri)
    {
        var matches = new List<ISlot>();
        foreach (var slot in library.GetSlotList(SlotsType.WithTokenPresent))
        {
            var token = slot.GetTokenInfo();
            if (Matches(uri.Token, token.Label) && Matches(uri.Manufacturer, token.ManufacturerId) && Matches(uri.Model, token.Model)
                && Matches(uri.Serial, token.SerialNumber) && (uri.SlotId is not { } id || id == slot.SlotId)
                && token.TokenFlags.TokenInitialized)
            {
                matches.Add(slot);
            }
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new SignetFormatException($"PKCS#11 {uri}: no initialised token matches"),
            _ => throw new SignetFormatException($"PKCS#11 {uri}: {matches.Count} tokens match; name one with token=, serial= or slot-id="),
        };

        // PKCS#11 §3.2: the token's text fields are blank-padded; the module trims them, and so do we.
        static bool Matches(string? wanted, string actual) => wanted is null || string.Equals(wanted, actual.TrimEnd(' '), StringComparison.Ordinal);
    }

    private static IPkcs11Library Acquire(string modulePath)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(modulePath, out var loaded))
            {
                Loaded[modulePath] = (loaded.Library, loaded.Users + 1);
                return loaded.Library;
            }

            if (!Path.IsPathFullyQualified(modulePath) || !File.Exists(modulePath))
            {
                throw new SignetFormatException($"PKCS#11 module {modulePath}: no such file (module-path must be an absolute path)");
            }

            var library = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, modulePath, AppType.MultiThreaded);
            Loaded[modulePath] = (library, 1);
            return library;
        }
    }

    private static void Release(string modulePath)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(modulePath, out var loaded))
            {
                return;
            }

            if (loaded.Users > 1)
            {
                Loaded[modulePath] = (loaded.Library, loaded.Users - 1);
                return;
            }

            Loaded.Remove(modulePath);
            loaded.Library.Dispose();
        }
    }

    /// <summary>An open session on a token; closing it gives the module back.</summary>
    internal sealed class Session(ISession inner, string modulePath) : IDisposable
    {
        private int _closed;

        /// <summary>The module's session (PKCS#11 §5.6: one operation at a time; callers serialise).</summary>
        public ISession Inner { get; } = inner;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Inner.Dispose();
                Release(modulePath);
            }
        }
    }
}
