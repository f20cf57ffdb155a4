namespace Signet.Admission.Verification;

/// <summary>
/// Where the webhook's trusted root comes from, read again every <paramref name="Poll"/> (<see cref="TrustWatcher"/>):
/// a <c>--trusted-root</c> file (a mounted ConfigMap), or the TUF trust store refreshed from its mirror.
/// </summary>
/// <param name="Name">What messages call it (the file's path, "the TUF trust store").</param>
/// <param name="ReadAsync">Reads the trusted root's JSON.</param>
/// <param name="Poll">How often it is read again.</param>
public sealed record TrustSource(string Name, Func<CancellationToken, Task<byte[]>> ReadAsync, TimeSpan Poll);
