using System.Collections.Concurrent;
using System.Security.Cryptography;
using Signet.Core.Encoding;

namespace Signet.Server.Oidc;

/// <summary>An authorization code waiting to be exchanged (RFC 6749 §4.1.2), bound to its request (RFC 7636 §4.4).</summary>
internal sealed record AuthorizationGrant(
    string ClientId, string RedirectUri, string CodeChallenge, string? Nonce, string Email, DateTimeOffset Expires);

/// <summary>A device authorization (RFC 8628 §3.2) waiting for its user; <see cref="Email"/> is set once approved.</summary>
internal sealed class DeviceGrant(string clientId, string userCode, DateTimeOffset expires)
{
    public string ClientId { get; } = clientId;

    public string UserCode { get; } = userCode;

    public DateTimeOffset Expires { get; } = expires;

    public string? Email { get; set; }

    public DateTimeOffset? LastPoll { get; set; }
}

/// <summary>
/// The development issuer's pending interactive logins: authorization codes and device codes, in memory, single use,
/// short-lived and bounded in number (a full table refuses new logins instead of growing).
/// </summary>
public sealed class PendingLogins(TimeProvider time)
{
    /// <summary>RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"; one is plenty.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(1);

    /// <summary>RFC 8628 §3.2 <c>expires_in</c> of a device code.</summary>
    public static readonly TimeSpan DeviceCodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>RFC 8628 §3.2 <c>interval</c>: seconds a client waits between polls (the default would be 5).</summary>
    public const int PollIntervalSeconds = 1;

    private const int MaxPending = 10_000;

    // RFC 8628 §6.1: a user code from a base-20 alphabet without vowels or look-alikes, 8 characters (~34 bits).
    private const string UserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";

    private readonly ConcurrentDictionary<string, AuthorizationGrant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceGrant> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _userCodes = new(StringComparer.Ordinal);

    internal DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Issues a one-time authorization code for an approved request.</summary>
    internal string IssueCode(string clientId, string redirectUri, string codeChallenge, string? nonce, string email)
    {
        Purge();
        var code = RandomToken();
        _codes[code] = new AuthorizationGrant(clientId, redirectUri, codeChallenge, nonce, email, Now + CodeLifetime);
        return code;
    }

    /// <summary>Takes a code out of the table (RFC 6749 §4.1.2: a code is used at most once); null when unknown or expired.</summary>
    internal AuthorizationGrant? RedeemCode(string code) =>
        _codes.TryRemove(code, out var grant) && grant.Expires > Now ? grant : null;

    /// <summary>Starts a device authorization (RFC 8628 §3.2): the device code and the user code.</summary>
    internal (string DeviceCode, DeviceGrant Grant) StartDevice(string clientId)
    {
        Purge();
        var deviceCode = RandomToken();
        string userCode;
        Span<char> chars = stackalloc char[8];
        do
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = UserCodeAlphabet[RandomNumberGenerator.GetInt32(UserCodeAlphabet.Length)];
            }

            userCode = $"{chars[..4]}-{chars[4..]}";
        }
        while (!_userCodes.TryAdd(userCode, deviceCode));

        var grant = new DeviceGrant(clientId, userCode, Now + DeviceCodeLifetime);
        _devices[deviceCode] = grant;
        return (deviceCode, grant);
    }

    /// <summary>The user approves the device login of <paramref name="userCode"/> as <paramref name="email"/>.</summary>
    internal bool ApproveDevice(string userCode, string email)
    {
        // RFC 8628 §6.1: user codes are compared without case and dashes the user may or may not type.
        var normalized = NormalizeUserCode(userCode);
        if (normalized is null || !_userCodes.TryGetValue(normalized, out var deviceCode)
            || !_devices.TryGetValue(deviceCode, out var grant) || grant.Expires <= Now)
        {
            return false;
        }

        lock (grant)
        {
            grant.Email ??= email;
        }

        return true;
    }

    internal DeviceGrant? FindDevice(string deviceCode) => _devices.TryGetValue(deviceCode, out var g) ? g : null;

    /// <summary>Ends a device authorization (its token was issued, or it expired).</summary>
    internal void RemoveDevice(string deviceCode)
    {
        if (_devices.TryRemove(deviceCode, out var grant))
        {
            _userCodes.TryRemove(grant.UserCode, out _);
        }
    }

    internal static string? NormalizeUserCode(string userCode)
    {
        var letters = new string(userCode.Where(char.IsLetter).Select(char.ToUpperInvariant).ToArray());
        return letters.Length == 8 ? $"{letters[..4]}-{letters[4..]}" : null;
    }

    private static string RandomToken() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    private void Purge()
    {
        var now = Now;
        foreach (var (code, grant) in _codes)
        {
            if (grant.Expires <= now)
            {
                _codes.TryRemove(code, out _);
            }
        }

        foreach (var (code, grant) in _devices)
        {
            // Kept a while past expiry so a late poll still hears expired_token (RFC 8628 §3.5), not invalid_grant.
            if (grant.Expires + DeviceCodeLifetime <= now)
            {
                RemoveDevice(code);
            }
        }

        if (_codes.Count + _devices.Count >= MaxPending)
        {
            throw HttpProblemException.Unavailable("too many logins are pending; try again shortly", TimeSpan.FromSeconds(10));
        }
    }
}
