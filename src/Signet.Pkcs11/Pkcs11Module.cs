using Signet.Core;
using Signet.Pkcs11.Native;
using static Signet.Pkcs11.Native.CkConstants;
using static Signet.Pkcs11.Native.CkReturnValue;

namespace Signet.Pkcs11;

/// <summary>
/// The loaded PKCS#11 modules of this process, one per shared library, counted: a module is initialised (C_Initialize)
/// on first use and finalised (C_Finalize) when its last session closes, so a later use reads the module's
/// configuration afresh (SoftHSM2 reads <c>SOFTHSM2_CONF</c> at initialisation). The calls go through Signet's own
/// binding (<see cref="CkFunctionList"/>), the same in the JIT and the Native AOT build.
/// </summary>
internal static class Pkcs11Module
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (CkFunctionList Module, int Users)> Loaded = new(StringComparer.Ordinal);

    /// <summary>Opens a read-write session on the token the URI names, logged in with its PIN when it gives one.</summary>
    /// <exception cref="SignetFormatException">The module does not load, no single token matches, or the PIN is wrong.</exception>
    public static Session OpenSession(Pkcs11Uri uri)
    {
        CkFunctionList module;
        try
        {
            module = Acquire(uri.ModulePath);
        }
        catch (Exception e)
        {
            throw Describe(e, uri);
        }

        nuint handle;
        try
        {
            handle = module.OpenSession(FindSlot(module, uri));
        }
        catch (Exception e)
        {
            Release(uri.ModulePath);
            throw Describe(e, uri);
        }

        var session = new Session(module, handle, uri.ModulePath);
        try
        {
            LogIn(session, uri);
            return session;
        }
        catch (Exception e)
        {
            session.Dispose();
            throw Describe(e, uri);
        }
    }

    /// <summary>Logs the session's token in with the URI's PIN when it gives one (again, after the login was lost).</summary>
    /// <exception cref="SignetFormatException">The PIN cannot be read or is refused.</exception>
    public static void LogIn(Session session, Pkcs11Uri uri)
    {
        try
        {
            if (Pin(uri) is { } pin)
            {
                Login(session, pin, uri);
            }
        }
        catch (Exception e)
        {
            throw Describe(e, uri);
        }
    }

    /// <summary>One line for a failure of the module, in the words of the URI that led to it.</summary>
    public static Exception Describe(Exception e, Pkcs11Uri uri) => e switch
    {
        SignetException => e,
        Pkcs11CallException p => new SignetFormatException($"PKCS#11 {uri}: {p.Message}", p),
        Pkcs11LoadException => new SignetFormatException($"PKCS#11 module {uri.ModulePath} cannot be loaded: {e.Message}", e),
        _ => e,
    };

    private static void Login(Session session, string pin, Pkcs11Uri uri)
    {
        try
        {
            session.Module.Login(session.Handle, pin);
        }
        catch (Pkcs11CallException e) when (e.ReturnValue == CKR_USER_ALREADY_LOGGED_IN)
        {
            // PKCS#11 §5.6: the login state is the application's, shared by all its sessions on the token.
        }
        catch (Pkcs11CallException e) when (e.ReturnValue is CKR_PIN_INCORRECT or CKR_PIN_INVALID or CKR_PIN_LEN_RANGE)
        {
            throw new SignetFormatException($"PKCS#11 {uri}: the PIN is wrong ({Name(e.ReturnValue)})", e);
        }
        catch (Pkcs11CallException e) when (e.ReturnValue == CKR_PIN_LOCKED)
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
            var pin = end < 0 ? text : text[..end];
            // An empty PIN would be one more wrong login, counted towards the token's lockout: refused before C_Login.
            return pin.Length > 0 ? pin : throw new SignetFormatException($"PKCS#11 pin-source {path}: the file's first line is empty (it must hold the PIN)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignetFormatException($"PKCS#11 pin-source {path} cannot be read: {e.Message}", e);
        }
    }

    private static nuint FindSlot(CkFunctionList module, Pkcs11Uri uri)
    {
        var matches = new List<nuint>();
        foreach (var slot in module.GetSlotList(tokenPresent: true))
        {
            TokenInfo token;
            try
            {
                token = module.GetTokenInfo(slot);
            }
            catch (Pkcs11CallException)
            {
                // A token removed since the slot list (CKR_TOKEN_NOT_PRESENT; SoftHSM2: CKR_GENERAL_ERROR for a deleted
                // token) is no token to match, and must not hide the others.
                continue;
            }

            if (Matches(uri.Token, token.Label) && Matches(uri.Manufacturer, token.ManufacturerId) && Matches(uri.Model, token.Model)
                && Matches(uri.Serial, token.SerialNumber) && (uri.SlotId is not { } id || id == slot)
                && (token.Flags & CKF_TOKEN_INITIALIZED) != 0)
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

        // PKCS#11 §3.2: the token's text fields are blank-padded; TokenInfo has them trimmed.
        static bool Matches(string? wanted, string actual) => wanted is null || string.Equals(wanted, actual, StringComparison.Ordinal);
    }

    private static CkFunctionList Acquire(string modulePath)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(modulePath, out var loaded))
            {
                Loaded[modulePath] = (loaded.Module, loaded.Users + 1);
                return loaded.Module;
            }

            if (!Path.IsPathFullyQualified(modulePath) || !File.Exists(modulePath))
            {
                throw new SignetFormatException($"PKCS#11 module {modulePath}: no such file (module-path must be an absolute path)");
            }

            var module = CkFunctionList.Load(modulePath);
            try
            {
                module.Initialize();
            }
            catch
            {
                module.Dispose();
                throw;
            }

            Loaded[modulePath] = (module, 1);
            return module;
        }
    }

    // One user fewer; the last one finalises and unloads the module, logging the session out first.
    private static void Release(string modulePath, Session? closing = null)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(modulePath, out var loaded))
            {
                return;
            }

            if (closing is not null)
            {
                if (loaded.Users == 1)
                {
                    // PKCS#11 §5.6: logging out ends the login of every session of this process on the token, so only
                    // the last session of the module does it (closing that session would too).
                    _ = loaded.Module.Logout(closing.Handle);
                }

                _ = loaded.Module.CloseSession(closing.Handle);
            }

            if (loaded.Users > 1)
            {
                Loaded[modulePath] = (loaded.Module, loaded.Users - 1);
                return;
            }

            Loaded.Remove(modulePath);
            loaded.Module.Dispose();
        }
    }

    /// <summary>An open session on a token; closing it gives the module back.</summary>
    internal sealed class Session(CkFunctionList module, nuint handle, string modulePath) : IDisposable
    {
        private int _closed;

        /// <summary>The module's functions.</summary>
        public CkFunctionList Module { get; } = module;

        /// <summary>The session's handle (PKCS#11 §5.6: one operation at a time; callers serialise).</summary>
        public nuint Handle { get; } = handle;

        /// <summary>The objects of the session's token that match the template.</summary>
        public List<nuint> FindObjects(CkTemplate template) => Module.FindObjects(Handle, template);

        /// <summary>The values of an object's attributes, null for one it does not have or keeps secret.</summary>
        public byte[]?[] GetAttributeValues(nuint obj, ReadOnlySpan<nuint> types) => Module.GetAttributeValues(Handle, obj, types);

        /// <summary>A signature made in the token by <paramref name="key"/> with <paramref name="mechanism"/>.</summary>
        public byte[] Sign(nuint mechanism, nuint key, ReadOnlySpan<byte> data) => Module.Sign(Handle, mechanism, key, data);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Release(modulePath, this);
            }
        }
    }
}
