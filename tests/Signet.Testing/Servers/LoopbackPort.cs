using System.Net;
using System.Net.Sockets;

namespace Signet.Testing.Servers;

/// <summary>A TCP port free on the loopback address now, for a server a test starts (the port is released before it
/// is returned, so another process may take it first: a test that must hold one keeps its own listener).</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
