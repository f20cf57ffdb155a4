namespace Signet.Testing.Servers;

/// <summary>What a <see cref="LocalSigstore"/> runs.</summary>
public sealed record LocalSigstoreOptions
{
    /// <summary>The services to run (<c>ca</c>, <c>log</c>, <c>tsa</c>, …); null runs every known service, an empty list none (only the OIDC issuer).</summary>
    public IReadOnlyCollection<string>? Services { get; init; }

    /// <summary>Run the development OIDC issuer under <c>/oidc</c> (tokens for any e-mail, <see cref="LocalSigstore.TokenAsync"/>).</summary>
    public bool DevOidc { get; init; } = true;

    /// <summary>The server's clock (the system clock when null).</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>
    /// Pick a free port before starting and set the public URL to it, instead of letting the OS pick at bind time:
    /// for tests that need the public URL configured rather than discovered.
    /// </summary>
    public bool PinPublicUrl { get; init; }
}
