namespace Signet.Ca.Issuers;

/// <summary>
/// The templates of the <c>github-workflow</c> and <c>gitlab-pipeline</c> issuer types, as Fulcio's default
/// identity configuration defines them (Fulcio <c>config/identity/config.yaml</c>, docs/oid-info.md "Mapping OIDC
/// token claims to Fulcio OIDs").
/// </summary>
public static class BuiltInCiProviders
{
    public static CiProviderTemplate GithubWorkflow { get; } = new()
    {
        DefaultTemplateValues = new Dictionary<string, string> { ["url"] = "https://github.com" },
        SubjectAlternativeNameTemplate = "{{ .url }}/{{ .job_workflow_ref }}",
        ExtensionTemplates = new Dictionary<string, string>
        {
            ["github-workflow-trigger"] = "event_name",
            ["github-workflow-sha"] = "sha",
            ["github-workflow-name"] = "workflow",
            ["github-workflow-repository"] = "repository",
            ["github-workflow-ref"] = "ref",
            ["build-signer-uri"] = "{{ .url }}/{{ .job_workflow_ref }}",
            ["build-signer-digest"] = "job_workflow_sha",
            ["runner-environment"] = "runner_environment",
            ["source-repository-uri"] = "{{ .url }}/{{ .repository }}",
            ["source-repository-digest"] = "sha",
            ["source-repository-ref"] = "ref",
            ["source-repository-identifier"] = "repository_id",
            ["source-repository-owner-uri"] = "{{ .url }}/{{ .repository_owner }}",
            ["source-repository-owner-identifier"] = "repository_owner_id",
            ["build-config-uri"] = "{{ .url }}/{{ .workflow_ref }}",
            ["build-config-digest"] = "workflow_sha",
            ["build-trigger"] = "event_name",
            ["run-invocation-uri"] = "{{ .url }}/{{ .repository }}/actions/runs/{{ .run_id }}/attempts/{{ .run_attempt }}",
            ["source-repository-visibility-at-signing"] = "repository_visibility",
        },
    };

    /// <summary>GitLab: <c>source_repository_ref</c> is derived by <see cref="Identity.IdentityMapper"/> from <c>ref_type</c> and <c>ref</c>.</summary>
    public static CiProviderTemplate GitlabPipeline { get; } = new()
    {
        DefaultTemplateValues = new Dictionary<string, string> { ["url"] = "https://gitlab.com" },
        SubjectAlternativeNameTemplate = "https://{{ .ci_config_ref_uri }}",
        ExtensionTemplates = new Dictionary<string, string>
        {
            ["build-signer-uri"] = "https://{{ .ci_config_ref_uri }}",
            ["build-signer-digest"] = "ci_config_sha",
            ["runner-environment"] = "runner_environment",
            ["source-repository-uri"] = "{{ .url }}/{{ .project_path }}",
            ["source-repository-digest"] = "sha",
            ["source-repository-ref"] = "{{ .source_repository_ref }}",
            ["source-repository-identifier"] = "project_id",
            ["source-repository-owner-uri"] = "{{ .url }}/{{ .namespace_path }}",
            ["source-repository-owner-identifier"] = "namespace_id",
            ["build-config-uri"] = "https://{{ .ci_config_ref_uri }}",
            ["build-config-digest"] = "ci_config_sha",
            ["build-trigger"] = "pipeline_source",
            ["run-invocation-uri"] = "{{ .url }}/{{ .project_path }}/-/jobs/{{ .job_id }}",
        },
    };
}
