namespace Signet.Admission.Tests;

/// <summary>ClusterImagePolicy documents for the tests (Signet's subset of policy-controller's).</summary>
internal static class Policies
{
    public const string Alice = "alice@example.com";
    public const string Bob = "bob@example.com";
    public const string Provenance = "https://slsa.dev/provenance/v1";

    public static string Cip(string name, string authorities, string glob = "**", string mode = "enforce") => $"""
        apiVersion: policy.sigstore.dev/v1beta1
        kind: ClusterImagePolicy
        metadata:
          name: {name}
        spec:
          mode: {mode}
          images:
          - glob: "{glob}"
          authorities:
        {authorities}
        """;

    public static string Keyless(string issuer, string subject, string name = "signed-by-alice", string? attestations = null) => $"""
          - name: {name}
            keyless:
              identities:
              - issuer: {issuer}
                subject: {subject}
        {attestations ?? ""}
        """;

    public static string ProvenanceRule(string cel) => $"""
            attestations:
            - name: built-by
              predicateType: {Provenance}
              policy:
                type: cel
                data: "{cel}"
        """;

    public static string Static(bool pass, string name = "static") => $"""
          - name: {name}
            static:
              action: {(pass ? "pass" : "fail")}
        """;
}
