using System.Data.Common;
using System.Net.Sockets;
using System.Reflection;

namespace Signet.Server;

/// <summary>
/// Why <c>signet serve</c> could not start, in one line, for the failures that are the operator's to fix: the data
/// directory or its database cannot be written (read-only, permissions), the address is not on this machine, the port
/// is in use. Anything else is not a startup failure of that kind and is left to the caller (a bug: exit 70).
/// </summary>
public static class StartupFailure
{
    /// <summary>The one-line reason, or null when <paramref name="exception"/> is not a configuration failure.</summary>
    /// <param name="exception">What starting the server threw.</param>
    /// <param name="listen">The <c>--listen</c> address, named when it cannot be listened on.</param>
    public static string? Describe(Exception exception, string listen)
    {
        for (var e = exception; e is not null; e = Inner(e))
        {
            switch (e)
            {
                case SocketException s:
                    return $"cannot listen on {listen}: {s.Message} ({s.SocketErrorCode})";
                case DbException d:
                    return $"the log database cannot be used: {OneLine(d.Message)}";
                case UnauthorizedAccessException u:
                    return $"the data directory cannot be written: {OneLine(u.Message)}";
                case IOException io when Inner(io) is not (SocketException or DbException):
                    return OneLine(io.Message);
            }
        }

        return null;
    }

    private static Exception? Inner(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => a.InnerExceptions[0],
        AggregateException => null,
        TargetInvocationException or InvalidOperationException or IOException => e.InnerException,
        _ => null,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
