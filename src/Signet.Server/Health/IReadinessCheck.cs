namespace Signet.Server.Health;

/// <summary>One service's part of <c>GET /readyz</c>: why it cannot do its work now, if it cannot.</summary>
internal interface IReadinessCheck
{
    /// <summary>One readable line per reason the service is not ready at <paramref name="now"/> (the server's clock),
    /// each starting with the service's name (<c>log: …</c>); none when it is ready.</summary>
    IEnumerable<string> NotReady(DateTimeOffset now);
}
