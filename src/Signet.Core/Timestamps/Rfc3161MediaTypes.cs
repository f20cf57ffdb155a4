namespace Signet.Core.Timestamps;

/// <summary>
/// The media types of RFC 3161 over HTTP (§3.4), as the timestamp client sends and the TSA endpoint accepts and
/// answers them (sigstore timestamp-authority <c>POST /api/v1/timestamp</c>).
/// </summary>
public static class Rfc3161MediaTypes
{
    /// <summary>A DER <c>TimeStampReq</c>.</summary>
    public const string Query = "application/timestamp-query";

    /// <summary>A DER <c>TimeStampResp</c>.</summary>
    public const string Reply = "application/timestamp-reply";
}
