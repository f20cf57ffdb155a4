using System.CommandLine;
using Signet.Core.Keys;
using Signet.Tuf.Metadata;
using Signet.Tuf.Repository;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet tuf keygen | init | add-target | sign | rotate-root | refresh | publish</c>: author a TUF repository whose
/// root and targets are signed by offline key holders one after another, and whose snapshot and timestamp are signed
/// with an online key.
/// </summary>
internal static class TufCommands
{
    private static readonly string[] Roles = ["root", "targets"];

    public static Command Create()
    {
        var tuf = new Command("tuf", "Author a TUF repository that distributes trusted_root.json and signing_config.v0.2.json");
        tuf.Subcommands.Add(Keygen());
        tuf.Subcommands.Add(Init());
        tuf.Subcommands.Add(AddTarget());
        tuf.Subcommands.Add(Sign());
        tuf.Subcommands.Add(RotateRoot());
        tuf.Subcommands.Add(Refresh());
        tuf.Subcommands.Add(Publish());
        return tuf;
    }

    private static Option<string> RepoOption() => new("--repo") { Description = "Repository folder", Required = true };

    private static Option<string?> PasswordFileOption() => new("--password-file")
    {
        Description = "File whose first line is the key's password (default: $SIGNET_PASSWORD, else one line of standard input)",
    };

    private static Command Keygen()
    {
        var output = new Option<string>("--out") { Description = "Private key file to write (PATH and PATH.pub)", Required = true };
        var type = new Option<string>("--type") { Description = "ecdsa (P-256) or ed25519", DefaultValueFactory = _ => "ecdsa" };
        type.AcceptOnlyFromAmong("ecdsa", "ed25519");
        var passwordFile = PasswordFileOption();
        var unencrypted = new Option<bool>("--unencrypted")
        {
            Description = "Write the private key unencrypted: only for the online key, which signet serve uses unattended",
        };
        var command = new Command("keygen", "Generate a key pair for a TUF key holder (password-encrypted unless --unencrypted)")
        {
            output, type, passwordFile, unencrypted,
        };
        command.SetAction((parse, _) => CommandErrors.RunAsync("signet tuf keygen", () =>
        {
            if (parse.GetValue(unencrypted) && parse.GetValue(passwordFile) is not null)
            {
                throw new ArgumentException("--unencrypted and --password-file contradict each other");
            }

            var password = parse.GetValue(unencrypted) ? null : KeyFiles.ReadPassword(parse.GetValue(passwordFile));
            using var key = parse.GetValue(type) == "ed25519" ? SigningKey.GenerateEd25519() : SigningKey.GenerateEcdsaP256();
            KeyFiles.Write(parse.GetValue(output)!, key, password);
            Console.WriteLine(TufKey.FromVerificationKey(key.PublicKey).ComputeKeyId());
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command Init()
    {
        var repo = RepoOption();
        var rootKeys = KeysOption("--root-key", "Root key holder's public key file (repeat)", required: true);
        var rootThreshold = ThresholdOption("--root-threshold");
        var targetsKeys = KeysOption("--targets-key", "Targets key holder's public key file (repeat)", required: true);
        var targetsThreshold = ThresholdOption("--targets-threshold");
        var online = new Option<string>("--online-key") { Description = "Private key file that signs snapshot and timestamp (kept by the server)", Required = true };
        var plain = new Option<bool>("--no-consistent-snapshot") { Description = "Serve snapshot.json/targets.json without version prefixes" };
        var expiries = Roles.Concat(["snapshot", "timestamp"]).ToDictionary(r => r, r => new Option<string?>($"--{r}-expires")
        {
            Description = $"How long {r} metadata stays valid (e.g. 182d, 7d, 1d, 12h)",
        });
        var command = new Command("init", "Create a repository: version 1 of root and targets, staged for signing")
        {
            repo, rootKeys, rootThreshold, targetsKeys, targetsThreshold, online, plain,
        };
        foreach (var o in expiries.Values)
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, _) => CommandErrors.RunAsync("signet tuf init", () =>
        {
            var defaults = new RepositorySettings();
            TimeSpan Expiry(string role) => parse.GetValue(expiries[role]) is { } s ? RepositorySettings.ParseDuration(s, $"--{role}-expires") : defaults.ExpiryOf(role);
            var onlinePath = Path.GetFullPath(parse.GetValue(online)!);
            KeyFiles.RequireUnencryptedOnline(onlinePath);
            var onlineKey = KeyFiles.ReadPublic(onlinePath);
            var settings = new RepositorySettings
            {
                ConsistentSnapshot = !parse.GetValue(plain),
                RootExpiry = Expiry("root"),
                TargetsExpiry = Expiry("targets"),
                SnapshotExpiry = Expiry("snapshot"),
                TimestampExpiry = Expiry("timestamp"),
                OnlineKeyPath = onlinePath,
            };
            var onlineRole = new RoleKeys([TufKey.FromVerificationKey(onlineKey)], 1);
            var r = TufRepository.Init(parse.GetValue(repo)!, settings, new Dictionary<string, RoleKeys>
            {
                ["root"] = ReadRole(parse.GetValue(rootKeys)!, parse.GetValue(rootThreshold)),
                ["targets"] = ReadRole(parse.GetValue(targetsKeys)!, parse.GetValue(targetsThreshold)),
                ["snapshot"] = onlineRole,
                ["timestamp"] = onlineRole,
            });
            Console.WriteLine($"initialised {r.Directory}: root and targets version 1 staged; sign them (signet tuf sign), then publish");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command AddTarget()
    {
        var repo = RepoOption();
        var file = new Argument<string>("file") { Description = "Target file, e.g. trusted_root.json or signing_config.v0.2.json" };
        var name = new Option<string?>("--name") { Description = "Target path in the repository (default: the file name)" };
        var command = new Command("add-target", "Add or replace a target; stages a new targets version to sign") { repo, file, name };
        command.SetAction((parse, _) => CommandErrors.RunAsync("signet tuf add-target", () =>
        {
            var path = parse.GetValue(file)!;
            var targetName = parse.GetValue(name) ?? Path.GetFileName(path);
            var info = TufRepository.Open(parse.GetValue(repo)!).AddTarget(targetName, File.ReadAllBytes(path));
            Console.WriteLine($"staged {targetName} ({info.Length} bytes, sha256 {info.Hashes["sha256"]})");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command Sign()
    {
        var repo = RepoOption();
        var role = new Option<string>("--role") { Description = "root or targets", Required = true };
        role.AcceptOnlyFromAmong(Roles);
        var key = new Option<string>("--key") { Description = "This key holder's private key file", Required = true };
        var passwordFile = PasswordFileOption();
        var command = new Command("sign", "Add one key holder's signature to the staged root or targets") { repo, role, key, passwordFile };
        command.SetAction((parse, _) => CommandErrors.RunAsync("signet tuf sign", () =>
        {
            using var signingKey = KeyFiles.ReadPrivate(parse.GetValue(key)!, () => KeyFiles.ReadPassword(parse.GetValue(passwordFile)));
            var id = TufRepository.Open(parse.GetValue(repo)!).Sign(parse.GetValue(role)!, signingKey);
            Console.WriteLine($"signed staged {parse.GetValue(role)}.json with key {id}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command RotateRoot()
    {
        var repo = RepoOption();
        var rootKeys = KeysOption("--root-key", "New root key holders' public key files (repeat)", required: false);
        var rootThreshold = ThresholdOption("--root-threshold");
        var targetsKeys = KeysOption("--targets-key", "New targets key holders' public key files (repeat)", required: false);
        var targetsThreshold = ThresholdOption("--targets-threshold");
        var online = new Option<string?>("--online-key")
        {
            Description = "New online key for snapshot and timestamp (a private key file also becomes the repository's online key)",
        };
        var command = new Command("rotate-root", "Stage root version N+1 with new keys (or just a new expiry); old and new root keys must sign it")
        {
            repo, rootKeys, rootThreshold, targetsKeys, targetsThreshold, online,
        };
        command.SetAction((parse, _) => CommandErrors.RunAsync("signet tuf rotate-root", () =>
        {
            var changes = new Dictionary<string, RoleKeys>(StringComparer.Ordinal);
            if (parse.GetValue(rootKeys) is { Length: > 0 } rk)
            {
                changes["root"] = ReadRole(rk, parse.GetValue(rootThreshold));
            }

            if (parse.GetValue(targetsKeys) is { Length: > 0 } tk)
            {
                changes["targets"] = ReadRole(tk, parse.GetValue(targetsThreshold));
            }

            if (parse.GetValue(online) is { } o)
            {
                changes["snapshot"] = changes["timestamp"] = new RoleKeys([TufKey.FromVerificationKey(KeyFiles.ReadPublic(o))], 1);
            }

            var repository = TufRepository.Open(parse.GetValue(repo)!);
            var version = repository.RotateRoot(changes);
            if (parse.GetValue(online) is { } onlinePath && File.ReadAllText(onlinePath).Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                repository.SetOnlineKeyPath(onlinePath);
            }

            Console.WriteLine($"staged root version {version}; it needs a threshold of signatures from the old and the new root keys");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command Refresh()
    {
        var repo = RepoOption();
        var force = new Option<bool>("--force") { Description = "Re-sign even if timestamp and snapshot are far from expiry" };
        var online = new Option<string?>("--online-key") { Description = "Online private key file (default: the one named at init)" };
        var command = new Command("refresh", "Re-sign timestamp (and snapshot) with the online key before they expire") { repo, force, online };
        command.SetAction((parse, _) => CommandErrors.RunAsync("signet tuf refresh", () =>
        {
            var r = TufRepository.Open(parse.GetValue(repo)!);
            using var key = OnlineKey(r, parse.GetValue(online));
            var result = r.Refresh(key, parse.GetValue(force));
            Console.WriteLine($"timestamp version {result.TimestampVersion}{(result.TimestampRenewed ? " (new)" : "")}, snapshot version {result.SnapshotVersion}{(result.SnapshotRenewed ? " (new)" : "")}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command Publish()
    {
        var repo = RepoOption();
        var online = new Option<string?>("--online-key") { Description = "Online private key file (default: the one named at init)" };
        var command = new Command("publish", "Publish staged root/targets once their thresholds are met; sign new snapshot and timestamp") { repo, online };
        command.SetAction((parse, _) => CommandErrors.RunAsync("signet tuf publish", () =>
        {
            var r = TufRepository.Open(parse.GetValue(repo)!);
            using var key = OnlineKey(r, parse.GetValue(online));
            var result = r.Publish(key);
            Console.WriteLine($"published root {result.RootVersion}, targets {result.TargetsVersion}, snapshot {result.SnapshotVersion}, timestamp {result.TimestampVersion} in {r.PublishedDirectory}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static SigningKey OnlineKey(TufRepository repo, string? path) =>
        path is not null ? KeyFiles.ReadOnline(path)
            : repo.LoadOnlineKey() ?? throw new InvalidOperationException("no online key: pass --online-key");

    private static Option<string[]> KeysOption(string name, string description, bool required) =>
        new(name) { Description = description, Required = required, AllowMultipleArgumentsPerToken = false };

    private static Option<int> ThresholdOption(string name) =>
        new(name) { Description = "Signatures needed from distinct keys", DefaultValueFactory = _ => 1 };

    private static RoleKeys ReadRole(string[] files, int threshold) =>
        new(files.Select(f => TufKey.FromVerificationKey(KeyFiles.ReadPublic(f))).ToList(), threshold);
}
