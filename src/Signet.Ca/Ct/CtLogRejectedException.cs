namespace Signet.Ca.Ct;

/// <summary>A submission the CT log refuses (RFC 6962 §4.1: chain does not end in an accepted root, not a precertificate, …): 400.</summary>
public sealed class CtLogRejectedException : Exception
{
    public CtLogRejectedException()
    {
    }

    public CtLogRejectedException(string message)
        : base(message)
    {
    }

    public CtLogRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
