using System.CommandLine;
using Signet.Client;
using Signet.Client.Signing;
using Signet.Core.Bundles.Legacy;
using Signet.Files;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet sign ARTIFACT [--bundle OUT] [--output-signature S] [--output-certificate C] [--identity-token T | --key KEY]
/// [--signing-config F] [--trusted-root F]</c>: a message signature over the artifact in a v0.3 bundle, keyless by
/// default; with <c>--output-signature</c>/<c>--output-certificate</c> also (or only) cosign's detached pair, logged to a
/// Rekor v1 log so that <c>signet verify --signature</c> (and cosign) find the entry by the artifact's hash.
/// </summary>
internal static class SignCommand
{
    public static Command Create(TimeProvider time)
    {
        var artifact = new Argument<string>("artifact") { Description = "The file to sign" };
        var bundle = new Option<string?>("--bundle") { Description = "Where to write the bundle (default ARTIFACT.sigstore.json, unless only the detached pair is asked for)" };
        var outputSignature = new Option<string?>("--output-signature") { Description = "Also write the signature alone (base64, cosign's .sig)" };
        var outputCertificate = new Option<string?>("--output-certificate") { Description = "Also write the signing certificate (PEM, cosign's .crt; keyless only)" };
        var options = new SigningOptions();
        var command = new Command("sign", "Sign a file (keyless with an OIDC identity, or with --key) into a Sigstore bundle") { artifact, bundle, outputSignature, outputCertificate };
        options.AddTo(command);
        command.SetRunner(async (parse, ct) =>
        {
            var path = parse.GetValue(artifact)!;
            var sigPath = parse.GetValue(outputSignature);
            var certPath = parse.GetValue(outputCertificate);
            var detached = sigPath is not null || certPath is not null;
            if (certPath is not null && parse.GetValue(options.Key) is not null)
            {
                throw new UsageException("--output-certificate is for keyless signing; a --key signature has no certificate");
            }

            var output = parse.GetValue(bundle) ?? (detached ? null : path + ".sigstore.json");

            // Opened first, so that a missing artifact is refused before a login or a password prompt; read once the
            // session's key says whether it signs the digest or the bytes.
            using var file = LocalFile.Open(path, "artifact");
            var (config, trustedRoot) = await options.LoadTrustAsync(parse, ct).ConfigureAwait(false);
            var request = options.Read(parse, config, trustedRoot) with
            {
                SelectServices = detached ? SigningServices.SelectWithRekorV1Log : null,
            };
            using var http = SigningOptions.Http();
            using var session = await SigningOptions.Workflow(http, time).StartAsync(request, ct).ConfigureAwait(false);
            var signed = await session.SignAsync(ArtifactInput.Payload(parse, file, session), ct).ConfigureAwait(false);

            // The pair first: a bundle written last means everything asked for was written.
            var material = new DetachedSignature(signed.Bundle.MessageSignature!.Signature, signed.Bundle.VerificationMaterial.LeafCertificate is { } leaf ? [leaf] : null, signed.Bundle.VerificationMaterial.TlogEntries);
            if (sigPath is not null)
            {
                DurableFile.Replace(sigPath, material.SignatureFile);
            }

            if (certPath is not null)
            {
                DurableFile.Replace(certPath, System.Text.Encoding.ASCII.GetBytes(material.CertificatePem!));
            }

            if (output is not null)
            {
                DurableFile.Replace(output, signed.Bundle.ToJson());
            }

            var written = string.Join(", ", new[] { output is null ? null : $"bundle {output}", sigPath is null ? null : $"signature {sigPath}", certPath is null ? null : $"certificate {certPath}" }.OfType<string>());
            await parse.InvocationConfiguration.Output.WriteLineAsync($"signet: signed {path}; wrote {written}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
