namespace Signet.Ca.Issuers;

/// <summary>
/// Claim → certificate templates for a CI provider (Fulcio <c>CIIssuerMetadata</c>). A template value is either a
/// claim name (<c>sha</c>) or a text with <c>{{ .name }}</c> placeholders filled from the token's claims, falling
/// back to <see cref="DefaultTemplateValues"/>.
/// </summary>
public sealed record CiProviderTemplate
{
    /// <summary>Values placeholders fall back to when the token has no such claim (e.g. <c>url</c>).</summary>
    public IReadOnlyDictionary<string, string> DefaultTemplateValues { get; init; } = new Dictionary<string, string>();

    /// <summary>Extension name (Fulcio's, e.g. <c>build-signer-uri</c>) → template.</summary>
    public required IReadOnlyDictionary<string, string> ExtensionTemplates { get; init; }

    /// <summary>The template of the URI SAN.</summary>
    public required string SubjectAlternativeNameTemplate { get; init; }
}
