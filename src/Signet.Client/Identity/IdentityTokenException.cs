namespace Signet.Client.Identity;

/// <summary>No usable identity token: none was given or found, or the one found has expired.</summary>
public sealed class IdentityTokenException : Exception
{
    public IdentityTokenException()
    {
    }

    public IdentityTokenException(string message)
        : base(message)
    {
    }

    public IdentityTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
