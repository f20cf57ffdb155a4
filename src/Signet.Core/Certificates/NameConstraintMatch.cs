namespace Signet.Core.Certificates;

/// <summary>
/// Whether a name lies in a subtree (RFC 5280 §4.2.1.10), as Go's <c>crypto/x509</c> decides it for sigstore-go and cosign:
/// <list type="bullet">
/// <item>a domain constraint (dNSName, the host of a URI, the domain of an e-mail address): empty matches every name;
/// <c>example.com</c> matches it and every subdomain; <c>.example.com</c> only the subdomains; labels compare without
/// regard to ASCII case. A wildcard DNS name (<c>*.example.com</c>) is excluded when any name it stands for would be.</item>
/// <item>an e-mail constraint with <c>@</c> is one mailbox (local part exact, domain without case); without it, a domain
/// constraint on the address's domain.</item>
/// <item>a URI is matched by its host, which must be a domain name: a URI without a host, or whose host is an IP
/// address, cannot be matched and is refused (§4.2.1.10).</item>
/// <item>an IP address matches an address/mask of the same length when the masked bits agree.</item>
/// </list>
/// </summary>
internal static class NameConstraintMatch
{
    /// <summary>The outcome of one comparison: a name that cannot be compared is an error, which refuses the chain.</summary>
    internal readonly record struct Result(bool Matched, string? Error);

    public static Result Matches(ConstrainedName name, GeneralSubtree subtree, bool excluded)
    {
        switch (name.Form)
        {
            case ConstrainedNameForm.Dns:
                return TryReverseLabels(name.Value, out var dns)
                    ? new(Domain(dns, subtree.Value, excluded), null)
                    : new(false, "is not a DNS name that constraints can be checked against");
            case ConstrainedNameForm.Email:
                if (!TryMailbox(name.Value, out var local, out var domain))
                {
                    return new(false, "is not an e-mail address that constraints can be checked against");
                }

                if (subtree.Value.Contains('@', StringComparison.Ordinal))
                {
                    TryMailbox(subtree.Value, out var constraintLocal, out var constraintDomain);
                    return new(string.Equals(local, constraintLocal, StringComparison.Ordinal)
                        && string.Equals(domain, constraintDomain, StringComparison.OrdinalIgnoreCase), null);
                }

                return new(TryReverseLabels(domain, out var labels) && Domain(labels, subtree.Value, excluded), null);
            case ConstrainedNameForm.Uri:
                if (UriHost(name.Value) is not { } host)
                {
                    return new(false, "is a URI without a domain-name host, which name constraints cannot be checked against (RFC 5280 §4.2.1.10)");
                }

                return TryReverseLabels(host, out var hostLabels)
                    ? new(Domain(hostLabels, subtree.Value, excluded), null)
                    : new(false, "has a host that is not a domain name");
            default:
                return new(name.Address is { } ip && ip.Length == subtree.Address!.Length && MaskedEqual(ip, subtree.Address, subtree.Mask!), null);
        }
    }

    /// <summary>A domain constraint as Go accepts one: empty, or a valid domain with at most one leading dot.</summary>
    public static bool IsDomainConstraint(string constraint) =>
        TryReverseLabels(constraint.StartsWith('.') ? constraint[1..] : constraint, out _);

    /// <summary>An address <c>local@domain</c>: split at the last <c>@</c>; a local part of printable ASCII, a valid domain.</summary>
    public static bool TryMailbox(string address, out string local, out string domain)
    {
        var at = address.LastIndexOf('@');
        local = at > 0 ? address[..at] : "";
        domain = at >= 0 ? address[(at + 1)..] : "";
        return at > 0 && local.All(c => c is > ' ' and <= '~') && domain.Length > 0 && TryReverseLabels(domain, out _);
    }

    /// <summary>Whether <paramref name="mask"/> is a run of one bits followed only by zero bits.</summary>
    public static bool IsCanonicalMask(ReadOnlySpan<byte> mask)
    {
        var zeros = false;
        foreach (var b in mask)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var one = ((b >> bit) & 1) == 1;
                if (one && zeros)
                {
                    return false;
                }

                zeros |= !one;
            }
        }

        return true;
    }

    /// <summary>The number of leading one bits of a canonical mask.</summary>
    public static int PrefixLength(ReadOnlySpan<byte> mask)
    {
        var length = 0;
        foreach (var b in mask)
        {
            length += System.Numerics.BitOperations.PopCount(b);
        }

        return length;
    }

    /// <summary>
    /// The labels of <paramref name="domain"/>, last first, as Go splits them: no empty label (so no leading, trailing or
    /// doubled dot) and only printable ASCII without spaces. The empty string is valid and has no labels.
    /// </summary>
    private static bool TryReverseLabels(string domain, out string[] labels)
    {
        labels = domain.Length == 0 ? [] : domain.Split('.');
        Array.Reverse(labels);
        return labels.All(l => l.Length > 0 && l.All(c => c is > ' ' and <= '~'));
    }

    private static bool Domain(string[] name, string constraint, bool excluded)
    {
        if (constraint.Length == 0)
        {
            return true;
        }

        var subdomainsOnly = constraint.StartsWith('.');
        TryReverseLabels(subdomainsOnly ? constraint[1..] : constraint, out var required);
        if (name.Length < required.Length || (subdomainsOnly && name.Length == required.Length))
        {
            return false;
        }

        for (var i = 0; i < required.Length; i++)
        {
            // An excluded subtree holds a wildcard name when it holds any name the wildcard stands for.
            var wildcard = excluded && i == name.Length - 1 && name[i] == "*";
            if (!wildcard && !string.Equals(name[i], required[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static string? UriHost(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.HostNameType is not (UriHostNameType.Dns or UriHostNameType.Basic))
        {
            return null;
        }

        var host = parsed.IdnHost;
        return host.Length == 0 || System.Net.IPAddress.TryParse(host, out _) ? null : host;
    }

    private static bool MaskedEqual(byte[] address, byte[] constraint, byte[] mask)
    {
        for (var i = 0; i < address.Length; i++)
        {
            if ((address[i] & mask[i]) != (constraint[i] & mask[i]))
            {
                return false;
            }
        }

        return true;
    }
}
