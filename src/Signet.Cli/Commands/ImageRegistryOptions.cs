using System.CommandLine;
using Signet.Oci;

namespace Signet.Cli.Commands;

/// <summary>
/// The registry flags of every <c>signet image</c> command: credentials (flags, else <c>~/.docker/config.json</c>),
/// plain HTTP for non-loopback registries only when asked, and the platform to pick out of an index.
/// </summary>
internal sealed class ImageRegistryOptions
{
    public Argument<string> Image { get; } = new("image") { Description = "Image reference: [registry/]repository[:tag][@sha256:digest]" };

    public Option<string?> Username { get; } = new("--registry-username") { Description = "Registry user name (default: docker's config.json)" };

    public Option<string?> Password { get; } = new("--registry-password") { Description = "Registry password or token (default: docker's config.json)" };

    public Option<bool> AllowInsecure { get; } = new("--allow-insecure-registry") { Description = "Allow plain HTTP to a registry that is not on loopback" };

    public Option<string?> Platform { get; } = new("--platform") { Description = "Pick this platform's manifest out of an index (os/arch[/variant]); default: the index itself" };

    public void AddTo(Command command)
    {
        command.Add(Image);
        command.AddOptions(Username, Password, AllowInsecure, Platform);
    }

    public ImageReference Reference(ParseResult p) => ImageReference.Parse(p.GetValue(Image)!);

    public RegistryClient Client(ParseResult p, ImageReference image, TimeProvider time)
    {
        var user = p.GetValue(Username);
        var password = p.GetValue(Password);
        if ((user is null) != (password is null))
        {
            throw new UsageException("--registry-username and --registry-password go together");
        }

        IRegistryCredentialSource? credentials = user is not null
            ? new StaticCredentialSource(new RegistryCredential(user, password!))
            : DockerConfigCredentials.LoadDefault();
        return new RegistryClient(image.Registry, new RegistryClientOptions
        {
            Credentials = credentials,
            AllowInsecure = p.GetValue(AllowInsecure),
            TimeProvider = time,
            BlobProgress = TerminalTransfers.For(p), // large blobs show their progress on a terminal
        });
    }

    /// <summary>
    /// The manifest the command acts on: the reference's manifest, or with <c>--platform</c> the platform's
    /// manifest inside the index (checked against the digest the index gives).
    /// </summary>
    public async Task<ManifestContent> ResolveAsync(ParseResult p, RegistryClient client, ImageReference image, CancellationToken ct)
    {
        var manifest = await client.ResolveAsync(image, ct).ConfigureAwait(false);
        var platform = p.GetValue(Platform);
        if (platform is null)
        {
            return manifest;
        }

        if (!manifest.IsIndex)
        {
            throw new UsageException($"--platform {platform}: {image} is a single-platform image, not an index");
        }

        var chosen = PlatformSelector.Select(manifest.AsIndex(), OciPlatform.Parse(platform))
            ?? throw new UsageException($"--platform {platform}: the index of {image} has no manifest for that platform");
        return await client.GetManifestAsync(image.Repository, chosen.Digest, ct).ConfigureAwait(false);
    }
}
