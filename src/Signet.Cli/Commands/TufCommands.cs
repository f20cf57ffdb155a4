using System.CommandLine;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Tuf.Metadata;
using Signet.Tuf.Repository;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet tuf keygen | init | add-target | sign | rotate-root | renew | refresh | publish</c>: author a TUF repository whose
/// root and targets are signed by offline key holders one after another, and whose snapshot and timestamp are signed
/// with an online key.
/// </summary>
internal static class TufCommands
{
    private static readonly string[] Roles = ["root", "targets"];

    public static Command Create()
    {
        return CommandCatalog.Group("tuf", "Author a TUF repository that distributes trusted_root.json and signing_config.v0.2.json",
            Keygen(), Init(), AddTarget(), Sign(), RotateRoot(), Renew(), Refresh(), Publish());
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
        command.SetRunner(parse =>
        {
            if (parse.GetValue(unencrypted) && parse.GetValue(passwordFile) is not null)
            {
                throw new SignetFormatException("--unencrypted and --password-file contradict each other");
            }

            var password = parse.GetValue(unencrypted) ? null : Client.Keys.KeyPairFiles.RequireNewPassword(KeyFiles.ReadPassword(parse.GetValue(passwordFile)));
            using var key = parse.GetValue(type) == "ed25519" ? SigningKey.GenerateEd25519() : SigningKey.GenerateEcdsaP256();
            KeyFiles.Write(parse.GetValue(output)!, key, password);
            Console.WriteLine(TufKey.FromVerificationKey(key.PublicKey).ComputeKeyId());
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Init()
    {
        var repo = RepoOption();
        var offline = new OfflineRoleOptions(required: true);
        var online = new Option<string>("--online-key") { Description = "Private key file that signs snapshot and timestamp (kept by the server)", Required = true };
        var plain = new Option<bool>("--no-consistent-snapshot") { Description = "Serve snapshot.json/targets.json without version prefixes" };
        var expiries = Roles.Concat(["snapshot", "timestamp"]).ToDictionary(r => r, r => new Option<string?>($"--{r}-expires")
        {
            Description = $"How long {r} metadata stays valid (e.g. 182d, 7d, 1d, 12h)",
        });
        var command = new Command("init", "Create a repository: version 1 of root and targets, staged for signing")
        {
            repo, offline.RootKeys, offline.RootThreshold, offline.TargetsKeys, offline.TargetsThreshold, online, plain,
        };
        command.AddOptions([.. expiries.Values]);

        command.SetRunner(parse =>
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
            Directory.CreateDirectory(parse.GetValue(repo)!); // so that two inits of one new folder take turns
            using var held = Hold(parse.GetValue(repo)!);
            var r = TufRepository.Init(parse.GetValue(repo)!, settings, new Dictionary<string, RoleKeys>
            {
                ["root"] = offline.Root(parse)!,
                ["targets"] = offline.Targets(parse)!,
                ["snapshot"] = onlineRole,
                ["timestamp"] = onlineRole,
            });
            Console.WriteLine($"initialised {r.Directory}: root and targets version 1 staged; sign them (signet tuf sign), then publish");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AddTarget()
    {
        var repo = RepoOption();
        var file = new Argument<string>("file") { Description = "Target file, e.g. trusted_root.json or signing_config.v0.2.json" };
        var name = new Option<string?>("--name") { Description = "Target path in the repository (default: the file name)" };
        var command = new Command("add-target", "Add or replace a target; stages a new targets version to sign") { repo, file, name };
        command.SetRunner(parse =>
        {
            var path = parse.GetValue(file)!;
            var targetName = parse.GetValue(name) ?? Path.GetFileName(path);
            var content = File.ReadAllBytes(path);
            using var held = Hold(parse.GetValue(repo)!);
            var info = TufRepository.Open(parse.GetValue(repo)!).AddTarget(targetName, content);
            Console.WriteLine($"staged {targetName} ({info.Length} bytes, sha256 {info.Hashes["sha256"]})");
            return ExitCodes.Success;
        });
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
        command.SetRunner(parse =>
        {
            using var signingKey = KeyFiles.ReadPrivate(parse.GetValue(key)!, () => KeyFiles.ReadPassword(parse.GetValue(passwordFile)));
            using var held = Hold(parse.GetValue(repo)!);
            var id = TufRepository.Open(parse.GetValue(repo)!).Sign(parse.GetValue(role)!, signingKey);
            Console.WriteLine($"signed staged {parse.GetValue(role)}.json with key {id}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RotateRoot()
    {
        var repo = RepoOption();
        var offline = new OfflineRoleOptions(required: false);
        var online = new Option<string?>("--online-key")
        {
            Description = "New online key for snapshot and timestamp (a private key file also becomes the repository's online key)",
        };
        var command = new Command("rotate-root", "Stage root version N+1 with new keys (or just a new expiry); old and new root keys must sign it")
        {
            repo, offline.RootKeys, offline.RootThreshold, offline.TargetsKeys, offline.TargetsThreshold, online,
        };
        command.SetRunner(parse =>
        {
            var changes = new Dictionary<string, RoleKeys>(StringComparer.Ordinal);
            if (offline.Root(parse) is { } root)
            {
                changes["root"] = root;
            }

            if (offline.Targets(parse) is { } targets)
            {
                changes["targets"] = targets;
            }

            if (parse.GetValue(online) is { } o)
            {
                changes["snapshot"] = changes["timestamp"] = new RoleKeys([TufKey.FromVerificationKey(KeyFiles.ReadPublic(o))], 1);
            }

            using var held = Hold(parse.GetValue(repo)!);
            var repository = TufRepository.Open(parse.GetValue(repo)!);
            var version = repository.RotateRoot(changes);
            if (parse.GetValue(online) is { } onlinePath && File.ReadAllText(onlinePath).Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                repository.SetOnlineKeyPath(onlinePath);
            }

            Console.WriteLine($"staged root version {version}; it needs a threshold of signatures from the old and the new root keys");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Root and targets are signed offline and expire (182 and 91 days by default; a client refuses an expired one,
    /// TUF §5.3.10, §5.5.4): <c>renew</c> stages the ones due — half of their validity used, as <c>signet serve</c>
    /// renews its own repository — or those named, with nothing changed but version and expiry.
    /// </summary>
    private static Command Renew()
    {
        var repo = RepoOption();
        var role = new Option<string[]>("--role")
        {
            Description = "Renew this role now, due or not: root or targets (repeat); default: each role that has used up half of its validity",
            AllowMultipleArgumentsPerToken = false,
        };
        role.AcceptOnlyFromAmong(Roles);
        var command = new Command("renew", "Stage root and/or targets again with a new expiry and nothing else changed, for their key holders to sign") { repo, role };
        command.SetRunner(parse =>
        {
            using var held = Hold(parse.GetValue(repo)!);
            var r = TufRepository.Open(parse.GetValue(repo)!);
            var named = parse.GetValue(role) ?? [];
            var roles = named.Length > 0 ? Roles.Where(named.Contains).ToList() : r.OfflineRolesDue().Select(d => d.Role).ToList();
            if (roles.Count == 0)
            {
                var root = r.PublishedRoot() ?? throw new TufRepositoryException(TufRepositoryError.NotPublished, "nothing is published yet: sign and publish version 1 first");
                var targets = r.PublishedTargets();
                Console.WriteLine($"nothing is due: root version {root.Version} expires {root.Envelope.Expires:u}"
                    + (targets is null ? "" : $", targets version {targets.Version} expires {targets.Envelope.Expires:u}")
                    + " (a role is due once half of its validity has run out; --role renews one now)");
                return ExitCodes.Success;
            }

            foreach (var (name, version) in r.StageRenewals(roles))
            {
                Console.WriteLine($"staged {name} version {version}, unchanged but for its expiry; it needs a threshold of {name} signatures (signet tuf sign --role {name}), then signet tuf publish");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Refresh()
    {
        var force = new Option<bool>("--force") { Description = "Re-sign even if timestamp and snapshot are far from expiry" };
        return WithOnlineKey("refresh", "Re-sign timestamp (and snapshot) with the online key before they expire", [force], (parse, r, key) =>
        {
            var result = r.Refresh(key, parse.GetValue(force));
            return $"timestamp version {result.TimestampVersion}{(result.TimestampRenewed ? " (new)" : "")}, snapshot version {result.SnapshotVersion}{(result.SnapshotRenewed ? " (new)" : "")}";
        });
    }

    private static Command Publish() =>
        WithOnlineKey("publish", "Publish staged root/targets once their thresholds are met; sign new snapshot and timestamp", [], (_, r, key) =>
        {
            var result = r.Publish(key);
            return $"published root {result.RootVersion}, targets {result.TargetsVersion}, snapshot {result.SnapshotVersion}, timestamp {result.TimestampVersion} in {r.PublishedDirectory}";
        });

    /// <summary>A command that opens <c>--repo</c> and signs with its online key (<c>--online-key</c>, else the one named at init).</summary>
    private static Command WithOnlineKey(string name, string description, Option[] options, Func<ParseResult, TufRepository, SigningKey, string> act)
    {
        var repo = RepoOption();
        var online = new Option<string?>("--online-key") { Description = "Online private key file (default: the one named at init)" };
        var command = new Command(name, description) { repo, online };
        command.AddOptions(options);

        command.SetRunner(parse =>
        {
            using var held = Hold(parse.GetValue(repo)!);
            var r = TufRepository.Open(parse.GetValue(repo)!);
            using var key = OnlineKey(r, parse.GetValue(online));
            Console.WriteLine(act(parse, r, key));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The repository's lock for one command's writes (<see cref="TufRepository.Lock"/>): a running
    /// <c>signet serve</c> re-signing the same repository, or another author's command, waits for it.</summary>
    private static Signet.Files.FileLock Hold(string repo) =>
        TufRepository.Lock(repo, () => Console.Error.WriteLine($"signet tuf: waiting for another process using the repository {repo}"), CancellationToken.None);

    private static SigningKey OnlineKey(TufRepository repo, string? path) =>
        path is not null ? KeyFiles.ReadOnline(path)
            : repo.LoadOnlineKey() ?? throw new SignetFormatException("no online key: the repository names none; pass --online-key");

    private static RoleKeys ReadRole(string[] files, int threshold) =>
        new(files.Select(f => TufKey.FromVerificationKey(KeyFiles.ReadPublic(f))).ToList(), threshold);

    /// <summary>The key holders and thresholds of the offline roles (root, targets), as <c>init</c> and <c>rotate-root</c> take them.</summary>
    private sealed class OfflineRoleOptions(bool required)
    {
        public Option<string[]> RootKeys { get; } = Keys("--root-key", required ? "Root key holder's public key file (repeat)" : "New root key holders' public key files (repeat)", required);

        public Option<int> RootThreshold { get; } = Threshold("--root-threshold");

        public Option<string[]> TargetsKeys { get; } = Keys("--targets-key", required ? "Targets key holder's public key file (repeat)" : "New targets key holders' public key files (repeat)", required);

        public Option<int> TargetsThreshold { get; } = Threshold("--targets-threshold");

        /// <summary>The root role given, or null when no <c>--root-key</c> was.</summary>
        public RoleKeys? Root(ParseResult parse) => parse.GetValue(RootKeys) is { Length: > 0 } files ? ReadRole(files, parse.GetValue(RootThreshold)) : null;

        /// <summary>The targets role given, or null when no <c>--targets-key</c> was.</summary>
        public RoleKeys? Targets(ParseResult parse) => parse.GetValue(TargetsKeys) is { Length: > 0 } files ? ReadRole(files, parse.GetValue(TargetsThreshold)) : null;

        private static Option<string[]> Keys(string name, string description, bool required) =>
            new(name) { Description = description, Required = required, AllowMultipleArgumentsPerToken = false };

        private static Option<int> Threshold(string name) =>
            new(name) { Description = "Signatures needed from distinct keys", DefaultValueFactory = _ => 1 };
    }
}
