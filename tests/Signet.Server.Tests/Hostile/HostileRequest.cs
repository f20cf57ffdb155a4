using System.Globalization;

namespace Signet.Server.Tests.Hostile;

/// <summary>
/// One case of the malformed-input corpus: a request as raw as the wire allows. <see cref="ContentLength"/> is what
/// the header says (default: the body's true length; <c>null</c> header omitted when <see cref="Chunked"/>).
/// </summary>
public sealed record HostileRequest(string Id, string Method, string Target, byte[]? Body = null, string? ContentType = null)
{
    /// <summary>A Content-Length header that differs from the body (a lie, a negative, a huge number), or none.</summary>
    public string? ContentLength { get; init; }

    /// <summary>Send the body with this Transfer-Encoding framing text instead of Content-Length.</summary>
    public bool Chunked { get; init; }

    /// <summary>
    /// The request is not valid HTTP/1.1 (a control character in a header, a negative or repeated Content-Length, a
    /// target too long or not a path): Kestrel refuses it before any of Signet's code runs, with a 4xx status and an
    /// empty body (RFC 9112 §3, §6.3), and closes the connection.
    /// </summary>
    public bool ProtocolLevel { get; init; }

    /// <summary>Headers besides Host, Connection, Content-Type and the framing.</summary>
    public IReadOnlyList<(string Name, string Value)> Extra { get; init; } = [];

    /// <summary>The exact bytes of this request to <paramref name="host"/>.</summary>
    public byte[] ToBytes(string host)
    {
        var headers = new List<(string, string)> { ("Host", host), ("Connection", "close") };
        if (ContentType is not null)
        {
            headers.Add(("Content-Type", ContentType));
        }

        if (Chunked)
        {
            headers.Add(("Transfer-Encoding", "chunked"));
        }
        else if (ContentLength is not null)
        {
            headers.Add(("Content-Length", ContentLength));
        }
        else if (Body is not null)
        {
            headers.Add(("Content-Length", Body.Length.ToString(CultureInfo.InvariantCulture)));
        }

        headers.AddRange(Extra);
        return RawHttp.Build(Method, Target, headers, Body);
    }

    public override string ToString() => Id;
}
