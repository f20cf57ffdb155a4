using System.Text;
using Signet.Pkcs11;

namespace Signet.Fuzz;

/// <summary>
/// RFC 7512 PKCS#11 URIs as <c>--key</c>, <c>--ca-key</c>, … take them (<see cref="Pkcs11Uri.Parse"/>). A URI that
/// parses must also survive its own written form (<see cref="Pkcs11Uri.ToString"/>, which messages and logs show):
/// read back, it names the same token, key and module and hides the PIN — a form that reads otherwise is a finding.
/// And its key named with another URI's token, module and PIN (<see cref="Pkcs11Uri.WithKeyOf"/>) is the same key.
/// </summary>
internal static class Pkcs11UriTarget
{
    public static void Run(byte[] data) => FuzzTargets.Each(data, d => RoundTrip(Encoding.UTF8.GetString(d)));

    private static void RoundTrip(string text)
    {
        var uri = Pkcs11Uri.Parse(text);
        var written = uri.ToString();
        var again = Pkcs11Uri.Parse(written);
        if (again.Token != uri.Token || again.ObjectLabel != uri.ObjectLabel || again.ModulePath != uri.ModulePath
            || !(again.Id ?? []).AsSpan().SequenceEqual(uri.Id ?? []) || (again.Id is null) != (uri.Id is null)
            || (again.PinValue is null) != (uri.PinValue is null))
        {
            throw new InvalidOperationException($"invariant: '{written}' reads back as another key than the URI it was written from");
        }

        if (again.PinValue is not (null or "***"))
        {
            throw new InvalidOperationException("invariant: the written form shows the PIN");
        }

        // The key a URI names, named again with another URI's token, module and PIN (a log key given before a rotation,
        // opened with the PIN given now: Pkcs11Uri.WithKeyOf): this URI's key, the other's token, module and PIN.
        if (uri.ObjectLabel is not null || uri.Id is not null)
        {
            var renamed = Pkcs11Uri.Parse(Pkcs11Uri.WithKeyOf(Now, text));
            if (renamed.ObjectLabel != uri.ObjectLabel || !(renamed.Id ?? []).AsSpan().SequenceEqual(uri.Id ?? []) || (renamed.Id is null) != (uri.Id is null)
                || renamed.Token != "now" || renamed.ModulePath != "/now.so" || renamed.PinValue != "1234")
            {
                throw new InvalidOperationException($"invariant: WithKeyOf named another key, token, module or PIN than its two URIs give");
            }
        }
    }

    private const string Now = "pkcs11:token=now;object=current?module-path=/now.so&pin-value=1234";
}
