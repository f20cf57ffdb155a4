using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Signet.Hosting.Tls;

/// <summary>
/// Lets a connection on to TLS only when its first bytes are a TLS handshake record holding a ClientHello (RFC 8446
/// §5.1 record header: type 22, legacy version 3.x, a length; §4: handshake type 1), read within the handshake time
/// limit; anything else (plain HTTP, an alert, application data, another handshake message, garbage, silence) is
/// closed without an answer. Without it, a first record that is not a ClientHello reached SslStream before any
/// certificate was chosen, and its NotSupportedException ("must use a certificate with the associated private key")
/// was logged by Kestrel as an unhandled error with a stack trace, once per such connection (found by the hostile TLS corpus).
/// </summary>
internal static class ClientHelloGate
{
    // Record header (5 bytes) and the handshake message type.
    private const int Peek = 6;
    private const byte HandshakeRecord = 22;
    private const byte ClientHello = 1;

    /// <summary>The connection middleware: waits up to <paramref name="timeout"/> for the first bytes.</summary>
    /// <param name="next">The TLS middleware and what follows it.</param>
    /// <param name="timeout">How long a client may take to send its first record header.</param>
    public static ConnectionDelegate Middleware(ConnectionDelegate next, TimeSpan timeout) => async connection =>
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        limit.CancelAfter(timeout);
        bool hello;
        try
        {
            hello = await StartsWithClientHelloAsync(connection.Transport.Input, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            hello = false;
        }

        if (hello)
        {
            await next(connection).ConfigureAwait(false);
        }
    };

    /// <summary>Reads (without consuming) until <see cref="Peek"/> bytes are there or the input ends.</summary>
    /// <param name="input">The connection's input; left with nothing consumed.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>Whether the bytes start a ClientHello record.</returns>
    public static async Task<bool> StartsWithClientHelloAsync(PipeReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);

        // A pipe's examined position never goes back: remember how far an earlier read looked.
        long examined = 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= Peek || result.IsCompleted || result.IsCanceled)
            {
                var hello = buffer.Length >= Peek && IsClientHelloRecord(buffer.Slice(0, Peek).ToArray());
                input.AdvanceTo(buffer.Start, buffer.GetPosition(examined));
                return hello;
            }

            examined = buffer.Length;
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>RFC 8446 §5.1: ContentType handshake(22), ProtocolVersion 0x03xx, a non-zero length; §4: msg_type client_hello(1).</summary>
    /// <param name="head">The first six bytes.</param>
    public static bool IsClientHelloRecord(ReadOnlySpan<byte> head) =>
        head.Length >= Peek && head[0] == HandshakeRecord && head[1] == 3 && (head[3] | head[4]) != 0 && head[5] == ClientHello;
}
