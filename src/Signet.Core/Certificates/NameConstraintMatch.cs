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

    /// <summary>
    /// A string-form subtree (e-mail, DNS, URI) with its domain split once for every comparison to come, or null when Go
    /// would refuse it as a constraint of its form: a mailbox that does not parse, a domain with an empty label or a
    /// character outside printable ASCII, a URI constraint that is an IP address.
    /// </summary>
    public static GeneralSubtree? Subtree(ConstrainedNameForm form, string value)
    {
        if (form == ConstrainedNameForm.Email && value.Contains('@', StringComparison.Ordinal))
        {
            return TryMailbox(value, out var local, out var domain, out var mailboxLabels)
                ? new GeneralSubtree(form, value) { Labels = mailboxLabels, MailboxLocal = local, MailboxDomain = domain }
                : null;
        }

        var subdomainsOnly = value.StartsWith('.');
        var valid = TryReverseLabels(subdomainsOnly ? value[1..] : value, out var labels)
            && !(form == ConstrainedNameForm.Uri && System.Net.IPAddress.TryParse(value, out _));
        return valid ? new GeneralSubtree(form, value) { Labels = labels, SubdomainsOnly = subdomainsOnly } : null;
    }

    /// <summary><paramref name="name"/> parsed once for every subtree it is compared with: the labels of its domain (the
    /// DNS name, the e-mail address's domain, the URI's host), or why it cannot be compared.</summary>
    public static PreparedName Prepare(ConstrainedName name)
    {
        switch (name.Form)
        {
            case ConstrainedNameForm.Dns:
                return TryReverseLabels(name.Value, out var dns)
                    ? new(name, dns, null, null, null)
                    : new(name, null, null, null, "is not a DNS name that constraints can be checked against");
            case ConstrainedNameForm.Email:
                return TryMailbox(name.Value, out var local, out var domain, out var labels)
                    ? new(name, labels, local, domain, null)
                    : new(name, null, null, null, "is not an e-mail address that constraints can be checked against");
            case ConstrainedNameForm.Uri:
                if (UriHost(name.Value) is not { } host)
                {
                    return new(name, null, null, null, "is a URI without a domain-name host, which name constraints cannot be checked against (RFC 5280 §4.2.1.10)");
                }

                return TryReverseLabels(host, out var hostLabels)
                    ? new(name, hostLabels, null, null, null)
                    : new(name, null, null, null, "has a host that is not a domain name");
            default:
                return new(name, null, null, null, null);
        }
    }

    public static Result Matches(PreparedName name, GeneralSubtree subtree, bool excluded)
    {
        if (name.Error is { } error)
        {
            return new(false, error);
        }

        if (name.Name.Form == ConstrainedNameForm.IpAddress)
        {
            return new(name.Name.Address is { } ip && ip.Length == subtree.Address!.Length && MaskedEqual(ip, subtree.Address, subtree.Mask!), null);
        }

        if (subtree.MailboxLocal is { } local)
        {
            // One mailbox: the local part exactly, the domain without case.
            return new(string.Equals(name.MailboxLocal, local, StringComparison.Ordinal)
                && string.Equals(name.MailboxDomain, subtree.MailboxDomain, StringComparison.OrdinalIgnoreCase), null);
        }

        return new(Domain(name.Labels!, subtree, excluded), null);
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

    /// <summary>An address <c>local@domain</c>: split at the last <c>@</c>; a local part of printable ASCII, a valid domain.</summary>
    private static bool TryMailbox(string address, out string local, out string domain, out string[] domainLabels)
    {
        var at = address.LastIndexOf('@');
        local = at > 0 ? address[..at] : "";
        domain = at >= 0 ? address[(at + 1)..] : "";
        domainLabels = [];
        return at > 0 && local.All(c => c is > ' ' and <= '~') && domain.Length > 0 && TryReverseLabels(domain, out domainLabels);
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

    /// <summary>A domain constraint: no labels holds every name; otherwise the name ends in the constraint's labels, and
    /// has more of them when the constraint began with a dot.</summary>
    private static bool Domain(string[] name, GeneralSubtree constraint, bool excluded)
    {
        var required = constraint.Labels!;
        if (name.Length < required.Length || (constraint.SubdomainsOnly && name.Length == required.Length))
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

/// <summary>A name parsed once for matching (<see cref="NameConstraintMatch.Prepare"/>).</summary>
/// <param name="Name">The name.</param>
/// <param name="Labels">The labels of its domain, last first (DNS, e-mail, URI).</param>
/// <param name="MailboxLocal">An e-mail address's local part.</param>
/// <param name="MailboxDomain">An e-mail address's domain.</param>
/// <param name="Error">Why it cannot be compared with any subtree of its form, or null.</param>
internal sealed record PreparedName(ConstrainedName Name, string[]? Labels, string? MailboxLocal, string? MailboxDomain, string? Error);
