using System.Net;
using Signet.Core.Certificates;
using Signet.Testing.Certificates;

namespace Signet.Core.Tests.Certificates;

/// <summary>
/// RFC 5280 §4.2.1.10 name constraints as Go's crypto/x509 enforces them for sigstore-go and cosign: one row per matching
/// rule and form, and one per malformed constraint.
/// </summary>
public sealed class NameConstraintsTests
{
    private static string? Refusal(string[]? permitted, string[]? excluded, ConstrainedNameForm form, string name) =>
        NameConstraints.Read(NameConstraintsDer.Value(permitted, excluded)).Refusal(
            new ConstrainedName(form, name, form == ConstrainedNameForm.IpAddress ? IPAddress.Parse(name).GetAddressBytes() : null));

    [Theory]
    [InlineData("dns:example.com", "example.com", true)]
    [InlineData("dns:example.com", "build.example.com", true)]
    [InlineData("dns:example.com", "BUILD.Example.COM", true)] // labels compare without ASCII case
    [InlineData("dns:example.com", "badexample.com", false)] // whole labels, not a string suffix
    [InlineData("dns:example.com", "example.org", false)]
    [InlineData("dns:.example.com", "example.com", false)] // a leading dot: subdomains only
    [InlineData("dns:.example.com", "a.b.example.com", true)]
    [InlineData("dns:", "anything.test", true)] // empty: every name
    [InlineData("email:example.com", "alice@example.com", true)]
    [InlineData("email:example.com", "alice@ci.example.com", true)] // Go: a domain constraint holds the subdomains too
    [InlineData("email:example.com", "alice@example.org", false)]
    [InlineData("email:alice@example.com", "alice@EXAMPLE.com", true)] // one mailbox: the domain without case
    [InlineData("email:alice@example.com", "Alice@example.com", false)] // … the local part exactly
    [InlineData("uri:github.com", "https://github.com/sigstore/signet/.github/workflows/release.yml@refs/heads/main", true)]
    [InlineData("uri:.github.com", "https://github.com/sigstore/signet", false)]
    [InlineData("uri:example.org", "spiffe://example.org/ns/build/sa/signer", true)]
    [InlineData("uri:example.org", "https://example.com/x", false)]
    [InlineData("ip:10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("ip:10.0.0.0/8", "11.1.2.3", false)]
    [InlineData("ip:10.0.0.0/8", "::1", false)] // another address length never matches
    [InlineData("ip:2001:db8::/32", "2001:db8::5", true)]
    public void A_name_is_within_a_permitted_subtree_or_refused(string permitted, string name, bool within)
    {
        var form = permitted[..permitted.IndexOf(':')] switch
        {
            "dns" => ConstrainedNameForm.Dns,
            "email" => ConstrainedNameForm.Email,
            "uri" => ConstrainedNameForm.Uri,
            _ => ConstrainedNameForm.IpAddress,
        };
        var refusal = Refusal([permitted], null, form, name);
        if (within)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.StartsWith("is not within the permitted", refusal, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("dns:example.com", "ci.example.com", false)]
    [InlineData("dns:bad.example.com", "good.example.com", true)]
    [InlineData("dns:bad.example.com", "*.example.com", false)] // the wildcard stands for bad.example.com too
    [InlineData("email:.example.com", "alice@ci.example.com", false)]
    [InlineData("ip:192.0.2.0/24", "192.0.2.7", false)]
    public void A_name_in_an_excluded_subtree_is_refused(string excluded, string name, bool allowed)
    {
        var form = excluded.StartsWith("dns", StringComparison.Ordinal) ? ConstrainedNameForm.Dns
            : excluded.StartsWith("email", StringComparison.Ordinal) ? ConstrainedNameForm.Email : ConstrainedNameForm.IpAddress;
        var refusal = Refusal(null, [excluded], form, name);
        if (allowed)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Equal($"is excluded by the constraint '{excluded[(excluded.IndexOf(':') + 1)..]}'", refusal);
        }
    }

    [Fact]
    public void A_refusal_names_the_first_five_permitted_constraints()
    {
        var permitted = Enumerable.Range(0, 8).Select(i => $"dns:p{i}.example.com").ToArray();
        Assert.Equal(
            "is not within the permitted DNS constraints ('p0.example.com', 'p1.example.com', 'p2.example.com', 'p3.example.com', 'p4.example.com' and 3 more)",
            Refusal(permitted, null, ConstrainedNameForm.Dns, "elsewhere.test"));
    }

    [Fact]
    public void Excluded_wins_over_permitted_and_other_forms_are_not_constrained()
    {
        Assert.NotNull(Refusal(["dns:example.com"], ["dns:ci.example.com"], ConstrainedNameForm.Dns, "ci.example.com"));
        Assert.Null(Refusal(["dns:example.com"], null, ConstrainedNameForm.Email, "alice@elsewhere.test")); // no e-mail constraints
    }

    [Theory]
    [InlineData("https://192.0.2.1/build")] // §4.2.1.10: a URI whose host is an IP address is refused
    [InlineData("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66")] // no host at all
    public void A_uri_without_a_domain_host_cannot_be_matched_and_is_refused(string uri)
    {
        Assert.Contains("without a domain-name host", Refusal(["uri:example.com"], null, ConstrainedNameForm.Uri, uri), StringComparison.Ordinal);
        Assert.Contains("without a domain-name host", Refusal(null, ["uri:example.com"], ConstrainedNameForm.Uri, uri), StringComparison.Ordinal);
    }

    [Fact]
    public void Subtrees_of_other_forms_are_noted_not_enforced()
    {
        var constraints = NameConstraints.Read(NameConstraintsDer.Value(["dir:CN=Signet", "dns:example.com"]));
        Assert.True(constraints.HasOtherForms);
        Assert.True(constraints.CannotBeProcessed); // critical (Read's default)
        Assert.False(NameConstraints.Read(NameConstraintsDer.Value(["dir:CN=Signet"]), critical: false).CannotBeProcessed);
        Assert.Null(constraints.Refusal(new ConstrainedName(ConstrainedNameForm.Dns, "example.com")));
        Assert.False(NameConstraints.Read(NameConstraintsDer.Value(["dns:example.com"])).HasOtherForms);
    }

    [Theory]
    [InlineData("iphex:0A000000FF", "octets")] // neither 8 nor 32 octets
    [InlineData("iphex:0A000000FF00FF00", "octets")] // a mask that is not a prefix
    [InlineData("dns:a..example.com", "not a valid dNSName")]
    [InlineData("dns:example.com.", "not a valid dNSName")]
    [InlineData("email:a@b@", "not a valid rfc822Name")]
    [InlineData("uri:10.0.0.1", "never an IP address")]
    [InlineData("max:dns:example.com", "minimum or maximum")]
    public void A_malformed_constraint_is_a_format_error(string subtree, string because)
    {
        var e = Assert.Throws<SignetFormatException>(() => NameConstraints.Read(NameConstraintsDer.Value([subtree])));
        Assert.Contains(because, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_subtrees_and_too_many_subtrees_are_format_errors()
    {
        Assert.Contains("empty list of subtrees", Assert.Throws<SignetFormatException>(() => NameConstraints.Read(NameConstraintsDer.Value([]))).Message, StringComparison.Ordinal);
        var many = Enumerable.Range(0, NameConstraints.MaxSubtrees + 1).Select(i => $"dns:h{i}.example.com").ToArray();
        Assert.Contains($"more than {NameConstraints.MaxSubtrees} subtrees", Assert.Throws<SignetFormatException>(() => NameConstraints.Read(NameConstraintsDer.Value(many))).Message, StringComparison.Ordinal);
        Assert.NotNull(NameConstraints.Read(NameConstraintsDer.Value(many[..NameConstraints.MaxSubtrees])));
    }

    [Fact]
    public void Subject_alternative_names_of_the_constrained_forms_are_read_and_others_skipped()
    {
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddDnsName("build.example.com");
        san.AddEmailAddress("alice@example.com");
        san.AddUri(new Uri("https://github.com/sigstore/signet"));
        san.AddIpAddress(IPAddress.Parse("10.1.2.3"));
        san.AddUserPrincipalName("alice"); // an otherName: not constrained
        var names = ConstrainedName.Read(san.Build().RawData);
        Assert.Equal(
            ["Dns build.example.com", "Email alice@example.com", "Uri https://github.com/sigstore/signet", "IpAddress 10.1.2.3"],
            names.Select(n => $"{n.Form} {n.Value}"));
    }

    [Fact]
    public void Subject_alternative_names_beyond_the_limit_or_with_a_bad_ip_address_are_format_errors()
    {
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        for (var i = 0; i <= GeneralNames.MaxNames; i++)
        {
            san.AddDnsName($"h{i}.example.com");
        }

        var many = san.Build().RawData;
        Assert.Contains($"more than {GeneralNames.MaxNames} names", Assert.Throws<SignetFormatException>(() => ConstrainedName.Read(many)).Message, StringComparison.Ordinal);
        Assert.Contains($"more than {GeneralNames.MaxNames} names", Assert.Throws<SignetFormatException>(() => SubjectAlternativeName.ReadExtension(many)).Message, StringComparison.Ordinal);
        byte[] fiveOctets = [0x30, 0x07, 0x87, 0x05, 10, 0, 0, 1, 2];
        Assert.Contains("an iPAddress of 5 octets", Assert.Throws<SignetFormatException>(() => ConstrainedName.Read(fiveOctets)).Message, StringComparison.Ordinal);
    }
}
