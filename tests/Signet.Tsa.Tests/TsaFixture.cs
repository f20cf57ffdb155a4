namespace Signet.Tsa.Tests;

/// <summary>One TSA chain shared by the tests of a class (creating keys is the slow part).</summary>
public sealed class TsaFixture : IDisposable
{
    public TsaFixture()
    {
        Credentials = TsaCredentials.Create(DateTimeOffset.UtcNow);
        Authority = new TimestampAuthority(Credentials, TimeProvider.System);
    }

    public TsaCredentials Credentials { get; }

    public TimestampAuthority Authority { get; }

    public void Dispose() => Credentials.Dispose();
}
