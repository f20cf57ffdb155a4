using System.Net;

namespace Signet.Oci;

/// <summary>
/// Where a registry's API lives: <c>https://HOST/v2/</c>, or plain <c>http</c> only for a loopback host or when the
/// user passed <c>--allow-insecure-registry</c>. Docker Hub's API host is <c>registry-1.docker.io</c>.
/// </summary>
public static class RegistryEndpoint
{
    /// <summary>The base URL of <paramref name="registry"/>: <c>https://</c>, or <c>http://</c> on loopback or when <paramref name="allowInsecure"/>; Docker Hub's API host for <c>docker.io</c>.</summary>
    public static Uri BaseUri(string registry, bool allowInsecure)
    {
        var host = registry == ImageReference.DockerHub ? "registry-1.docker.io" : registry;
        var scheme = IsLoopback(host) || allowInsecure ? "http" : "https";
        return new Uri($"{scheme}://{host}/");
    }

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1, with or without a port.</summary>
    public static bool IsLoopback(string hostAndPort)
    {
        var host = HostOf(hostAndPort);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Refuses to send anything (credentials above all) over plain HTTP to a host that is not loopback, unless allowed.</summary>
    public static void RequireSecure(Uri uri, bool allowInsecure, string what)
    {
        if (uri.Scheme == Uri.UriSchemeHttps || allowInsecure || IsLoopback(uri.Authority))
        {
            return;
        }

        throw new RegistryException(RegistryErrorKind.InsecureTransport,
            $"{what} {uri.GetLeftPart(UriPartial.Path)} is plain HTTP on a non-loopback host; pass --allow-insecure-registry to allow it");
    }

    private static string HostOf(string hostAndPort)
    {
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? hostAndPort[1..close] : hostAndPort;
        }

        var colon = hostAndPort.LastIndexOf(':');
        return colon > 0 && hostAndPort.IndexOf(':', StringComparison.Ordinal) == colon ? hostAndPort[..colon] : hostAndPort;
    }
}
