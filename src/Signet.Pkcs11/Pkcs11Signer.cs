using Signet.Core;
using Signet.Pkcs11.Native;
using static Signet.Pkcs11.Native.CkReturnValue;

namespace Signet.Pkcs11;

/// <summary>
/// The private key of an open key pair and the session it signs on, one signature at a time (PKCS#11 §5.6: a session
/// runs one operation at a time). When the module answers that the login was lost (CKR_USER_NOT_LOGGED_IN: something
/// else in this process logged the token out) it logs in again; when the session or the key's handle was lost
/// (CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED, CKR_DEVICE_REMOVED, CKR_TOKEN_NOT_PRESENT, CKR_OBJECT_HANDLE_INVALID,
/// CKR_KEY_HANDLE_INVALID) it opens a new session and finds the key again — only a key whose public key is the one
/// opened, never another key under the same label — and signs once more. A signature that still fails is a
/// <see cref="SignetUnavailableException"/> naming the URI (a server answers 503), never a bare module error.
/// </summary>
internal sealed class Pkcs11Signer : IDisposable
{
    /// <summary>How long a client is told to wait after the token failed.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Pkcs11Uri _uri;
    private readonly byte[] _publicPoint;
    private Pkcs11Module.Session _session;
    private nuint _privateKey;
    private bool _disposed;

    /// <summary>Signs with <paramref name="privateKey"/> on <paramref name="session"/> (owned from now on); the key pair's
    /// public key object has CKA_EC_POINT <paramref name="publicPoint"/>.</summary>
    public Pkcs11Signer(Pkcs11Module.Session session, nuint privateKey, byte[] publicPoint, Pkcs11Uri uri)
    {
        _session = session;
        _privateKey = privateKey;
        _publicPoint = publicPoint;
        _uri = uri;
    }

    /// <summary>The handle of the session signatures are made on now.</summary>
    internal nuint SessionHandle
    {
        get
        {
            lock (_gate)
            {
                return _session.Handle;
            }
        }
    }

    /// <summary>C_SignInit and C_Sign with a parameterless <paramref name="mechanism"/>, recovered once when the module lost
    /// the login, the session or the key's handle.</summary>
    /// <exception cref="SignetUnavailableException">The token does not sign (after one recovery).</exception>
    public byte[] Sign(nuint mechanism, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            nuint failure;
            try
            {
                return _session.Sign(mechanism, _privateKey, data);
            }
            catch (Pkcs11CallException e) when (Recoverable(e.ReturnValue))
            {
                failure = e.ReturnValue;
                try
                {
                    Recover(failure);
                }
                catch (Exception again) when (again is SignetException or Pkcs11CallException)
                {
                    throw Unavailable($"{e.Message}; opening it again: {Reason(again)}", again);
                }
            }
            catch (Pkcs11CallException e)
            {
                throw Unavailable(e.Message, e);
            }

            try
            {
                return _session.Sign(mechanism, _privateKey, data);
            }
            catch (Pkcs11CallException e)
            {
                throw Unavailable($"{Name(failure)}, then after opening it again {e.Message}", e);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _session.Dispose();
            }
        }
    }

    private static bool Recoverable(nuint rv) => rv is CKR_USER_NOT_LOGGED_IN or CKR_SESSION_HANDLE_INVALID or CKR_SESSION_CLOSED
        or CKR_DEVICE_REMOVED or CKR_TOKEN_NOT_PRESENT or CKR_OBJECT_HANDLE_INVALID or CKR_KEY_HANDLE_INVALID;

    private void Recover(nuint failure)
    {
        if (failure == CKR_USER_NOT_LOGGED_IN)
        {
            Pkcs11Module.LogIn(_session, _uri);
            return;
        }

        var (session, privateKey) = Pkcs11Keys.Reopen(_uri, _publicPoint);
        // The new session first: the module stays loaded (and logged in) while the old one is closed.
        var old = _session;
        _session = session;
        _privateKey = privateKey;
        old.Dispose();
    }

    private SignetUnavailableException Unavailable(string why, Exception inner) =>
        new(SignetErrorCodes.Unavailable, $"PKCS#11 {_uri}: the token did not sign ({why})", inner) { RetryAfter = RetryAfter };

    // The reason alone: a SignetFormatException of the module names the URI first, already in this message.
    private string Reason(Exception e)
    {
        var prefix = $"PKCS#11 {_uri}: ";
        return e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
    }
}
