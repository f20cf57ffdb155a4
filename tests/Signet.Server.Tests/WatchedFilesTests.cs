using Microsoft.Extensions.Configuration;
using Signet.Hosting;

namespace Signet.Server.Tests;

/// <summary>
/// The host watches no files: a reloading appsettings.json source watches the content root (the working directory)
/// and every directory below it with inotify, and every write below it — the log's own tiles when the data directory
/// is there — costs the server an event (bench/README "Witnesses and monitoring", session 18).
/// </summary>
public sealed class WatchedFilesTests
{
    [Fact]
    public async Task Signet_server_configuration_files_are_read_once_and_not_watched()
    {
        var dir = Directory.CreateTempSubdirectory("signet-watch-").FullName;
        try
        {
            await using var app = SignetServer.Build(new SignetServerOptions { DataDirectory = dir, Listen = "127.0.0.1:0", Services = new HashSet<string> { "log" } });
            AssertNothingReloads((IConfigurationRoot)app.Configuration);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Kestrel_hosts_of_the_witness_and_admission_servers_watch_no_files()
    {
        await using var app = KestrelHost.CreateBuilder().Build();
        AssertNothingReloads((IConfigurationRoot)app.Configuration);
    }

    private static void AssertNothingReloads(IConfigurationRoot configuration)
    {
        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files); // appsettings.json is still read (optional), only not watched
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} reloads on change"));
    }
}
