using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;

namespace Signet.Core.Certificates;

/// <summary>
/// A CA certificate's name constraints (RFC 5280 §4.2.1.10) for the name forms Go's <c>crypto/x509</c> enforces for
/// sigstore-go and cosign: dNSName, rfc822Name, uniformResourceIdentifier (by its host) and iPAddress, permitted and
/// excluded. They bind every certificate below the CA whether the extension is critical or not, as in Go. Subtrees of
/// other forms (directoryName, otherName, …) set <see cref="HasOtherForms"/>: a critical extension with them cannot be
/// processed (§4.2), so the chain is refused; in a non-critical one they are passed over, as Go passes them over.
/// A subtree with a minimum or maximum (which §4.2.1.10 forbids: "minimum MUST be zero, and maximum MUST be absent") is
/// malformed here. The matching rules are <see cref="NameConstraintMatch"/>.
/// </summary>
public sealed class NameConstraints
{
    /// <summary>The most subtrees one extension may list (permitted and excluded together).</summary>
    public const int MaxSubtrees = 1024;

    private static readonly Asn1Tag PermittedTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExcludedTag = new(TagClass.ContextSpecific, 1, isConstructed: true);

    private readonly IReadOnlyList<GeneralSubtree> _permitted;
    private readonly IReadOnlyList<GeneralSubtree> _excluded;

    private NameConstraints(IReadOnlyList<GeneralSubtree> permitted, IReadOnlyList<GeneralSubtree> excluded, bool hasOtherForms, bool critical)
    {
        _permitted = permitted;
        _excluded = excluded;
        HasOtherForms = hasOtherForms;
        Critical = critical;
    }

    /// <summary>Whether the extension lists subtrees of a name form this class does not enforce.</summary>
    public bool HasOtherForms { get; }

    /// <summary>Whether the extension is marked critical.</summary>
    public bool Critical { get; }

    /// <summary>Critical, with subtrees of a form this class does not enforce: a verifier cannot process it (RFC 5280 §4.2),
    /// so the certificate cannot vouch for any other.</summary>
    public bool CannotBeProcessed => Critical && HasOtherForms;

    /// <summary><paramref name="certificate"/>'s name constraints, or null when it has none.</summary>
    /// <param name="certificate">A CA certificate of a trusted chain.</param>
    /// <exception cref="SignetFormatException">The extension is malformed.</exception>
    public static NameConstraints? Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Extensions[X509Oids.NameConstraints] is { } extension ? Read(extension.RawData, extension.Critical) : null;
    }

    /// <summary>Reads the extension's value: <c>SEQUENCE { permittedSubtrees [0] OPTIONAL, excludedSubtrees [1] OPTIONAL }</c>.</summary>
    /// <param name="extnValue">The DER value of the nameConstraints extension.</param>
    /// <param name="critical">Whether the extension is marked critical.</param>
    /// <exception cref="SignetFormatException">It is malformed, a constraint is not a valid name of its form, or it lists
    /// more than <see cref="MaxSubtrees"/> subtrees.</exception>
    public static NameConstraints Read(ReadOnlyMemory<byte> extnValue, bool critical = true)
    {
        var permitted = new List<GeneralSubtree>();
        var excluded = new List<GeneralSubtree>();
        var otherForms = false;
        var count = 0;
        try
        {
            var outer = new AsnReader(extnValue, AsnEncodingRules.DER);
            var constraints = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            if (constraints.HasData && constraints.PeekTag().HasSameClassAndValue(PermittedTag))
            {
                ReadSubtrees(constraints.ReadSequence(PermittedTag), permitted, ref otherForms, ref count);
            }

            if (constraints.HasData && constraints.PeekTag().HasSameClassAndValue(ExcludedTag))
            {
                ReadSubtrees(constraints.ReadSequence(ExcludedTag), excluded, ref otherForms, ref count);
            }

            constraints.ThrowIfNotEmpty();
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"name constraints: malformed ({e.Message})", e);
        }

        return new NameConstraints(permitted, excluded, otherForms, critical);
    }

    /// <summary>How many constraints a name of <paramref name="form"/> is compared with.</summary>
    public int CountFor(ConstrainedNameForm form) => _permitted.Count(s => s.Form == form) + _excluded.Count(s => s.Form == form);

    /// <summary>Why <paramref name="name"/> is outside these constraints, or null when they allow it: an excluded subtree
    /// holds it, or there are permitted subtrees of its form and none holds it (§4.2.1.10). A name that cannot be
    /// matched (an e-mail address or URI that does not parse, a URI whose host is an IP address) is refused.</summary>
    /// <param name="name">A subject alternative name of a certificate below the CA.</param>
    public string? Refusal(ConstrainedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Refusal(NameConstraintMatch.Prepare(name));
    }

    /// <summary>As <see cref="Refusal(ConstrainedName)"/> for a name already parsed (once for every constraint it meets).</summary>
    internal string? Refusal(PreparedName name)
    {
        foreach (var subtree in _excluded.Where(s => s.Form == name.Name.Form))
        {
            var match = NameConstraintMatch.Matches(name, subtree, excluded: true);
            if (match.Error is { } error)
            {
                return error;
            }

            if (match.Matched)
            {
                return $"is excluded by the constraint '{subtree.Value}'";
            }
        }

        var permitted = _permitted.Where(s => s.Form == name.Name.Form).ToArray();
        if (permitted.Length == 0)
        {
            return null;
        }

        foreach (var subtree in permitted)
        {
            var match = NameConstraintMatch.Matches(name, subtree, excluded: false);
            if (match.Error is { } error)
            {
                return error;
            }

            if (match.Matched)
            {
                return null;
            }
        }

        // The first few constraints are enough to say why; an extension may list a thousand.
        var listed = string.Join(", ", permitted.Take(5).Select(p => $"'{p.Value}'")) + (permitted.Length > 5 ? $" and {permitted.Length - 5} more" : "");
        return $"is not within the permitted {Describe(name.Name.Form)} constraints ({listed})";
    }

    private static void ReadSubtrees(AsnReader subtrees, List<GeneralSubtree> into, ref bool otherForms, ref int count)
    {
        if (!subtrees.HasData)
        {
            throw new SignetFormatException("name constraints: an empty list of subtrees (RFC 5280 §4.2.1.10: SIZE (1..MAX))");
        }

        while (subtrees.HasData)
        {
            if (++count > MaxSubtrees)
            {
                throw new SignetFormatException($"name constraints: more than {MaxSubtrees} subtrees");
            }

            var subtree = subtrees.ReadSequence();
            if (ReadBase(subtree) is { } parsed)
            {
                into.Add(parsed);
            }
            else
            {
                otherForms = true;
            }

            if (subtree.HasData)
            {
                throw new SignetFormatException("name constraints: a subtree with a minimum or maximum (RFC 5280 §4.2.1.10: minimum zero, maximum absent)");
            }
        }
    }

    /// <summary>The subtree's base name, validated as Go validates it; null for a form this class does not enforce.</summary>
    private static GeneralSubtree? ReadBase(AsnReader subtree)
    {
        var tag = subtree.PeekTag();
        if (tag.TagClass != TagClass.ContextSpecific)
        {
            throw new SignetFormatException("name constraints: a GeneralName that is not context-specific");
        }

        switch (ConstrainedName.ReadValue(subtree, tag))
        {
            case null:
                return null;
            case { Text: { } text } value:
                return NameConstraintMatch.Subtree(value.Form, text) ?? throw Invalid(value.Form switch
                {
                    ConstrainedNameForm.Email => "rfc822Name",
                    ConstrainedNameForm.Dns => "dNSName",
                    _ => "uniformResourceIdentifier (a host or domain, never an IP address)",
                }, text);
            case { Octets: { } octets }:
                if (octets.Length is not (8 or 32) || !NameConstraintMatch.IsCanonicalMask(octets.AsSpan(octets.Length / 2)))
                {
                    throw new SignetFormatException($"name constraints: an iPAddress constraint of {octets.Length} octets, or with a mask that is not a prefix (RFC 5280 §4.2.1.10)");
                }

                var address = octets[..(octets.Length / 2)];
                var mask = octets[(octets.Length / 2)..];
                return new GeneralSubtree(ConstrainedNameForm.IpAddress, $"{new System.Net.IPAddress(address)}/{NameConstraintMatch.PrefixLength(mask)}", address, mask);
            default:
                throw new SignetFormatException("name constraints: a GeneralName without its value");
        }
    }

    private static SignetFormatException Invalid(string form, string value) =>
        new($"name constraints: '{PrintableText.Escape(value)}' is not a valid {form} constraint");

    /// <summary>The name form as a message names it.</summary>
    internal static string Describe(ConstrainedNameForm form) => form switch
    {
        ConstrainedNameForm.Dns => "DNS",
        ConstrainedNameForm.Email => "e-mail",
        ConstrainedNameForm.Uri => "URI",
        _ => "IP address",
    };
}

/// <summary>One permitted or excluded subtree of an enforced form.</summary>
/// <param name="Form">The name form it constrains.</param>
/// <param name="Value">The constraint as written (an IP constraint as address/prefix).</param>
/// <param name="Address">An IP constraint's address octets.</param>
/// <param name="Mask">An IP constraint's mask octets.</param>
internal sealed record GeneralSubtree(ConstrainedNameForm Form, string Value, byte[]? Address = null, byte[]? Mask = null)
{
    /// <summary>A domain constraint's labels, last first (for one mailbox, its domain's).</summary>
    public string[]? Labels { get; init; }

    /// <summary>The constraint began with a dot: only names with more labels are within it.</summary>
    public bool SubdomainsOnly { get; init; }

    /// <summary>An e-mail constraint naming one mailbox: its local part.</summary>
    public string? MailboxLocal { get; init; }

    /// <summary>An e-mail constraint naming one mailbox: its domain.</summary>
    public string? MailboxDomain { get; init; }
}
