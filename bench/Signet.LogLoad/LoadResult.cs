namespace Signet.LogLoad;

/// <summary>What one load run measured.</summary>
/// <param name="Rate">Acknowledged entries per second in the timed window.</param>
/// <param name="ServerMicroseconds">The front ends' CPU µs per acknowledged entry.</param>
/// <param name="VerifyMicroseconds">The machine's speed in the window (<see cref="SpeedProbe"/>): CPU µs per ECDSA
/// P-256 verification; NaN where it cannot be read.</param>
internal sealed record LoadResult(double Rate, double ServerMicroseconds, double VerifyMicroseconds);
