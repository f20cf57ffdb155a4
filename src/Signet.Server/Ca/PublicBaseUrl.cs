using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Signet.Server.Ca;

/// <summary>The base URL clients reach this server at: <c>--public-url</c>, else the address Kestrel bound (port 0 resolved).</summary>
public sealed class PublicBaseUrl(SignetServerOptions options, IServer server)
{
    private string? _value;

    public string Value => _value ??= Resolve();

    private string Resolve()
    {
        if (!string.IsNullOrEmpty(options.PublicUrl))
        {
            return options.PublicUrl.TrimEnd('/');
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the server has not bound an address yet");
        return first.TrimEnd('/');
    }
}
