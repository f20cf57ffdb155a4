using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Signet.NuGet.Verify;

/// <summary>
/// Finds NSec's libsodium for the task: MSBuild loads a task's managed dependencies from the task's folder, but a native
/// library is looked for beside the host unless the load context resolves it, so libsodium (Ed25519 keys of a trusted
/// root) is loaded from <c>runtimes/RID/native/</c> of the package, as the deps.json lays it out.
/// </summary>
internal static class NativeLibraries
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        var nsec = typeof(NSec.Cryptography.Key).Assembly;
        if (AssemblyLoadContext.GetLoadContext(nsec) is { } context)
        {
            context.ResolvingUnmanagedDll += Resolve;
        }
    }

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        var folder = Path.GetDirectoryName(typeof(NativeLibraries).Assembly.Location)!;
        var file = name.StartsWith("lib", StringComparison.Ordinal) ? name : "lib" + name;
        file = Path.HasExtension(file) ? file : file + (OperatingSystem.IsMacOS() ? ".dylib" : ".so");
        foreach (var rid in new[] { RuntimeInformation.RuntimeIdentifier, $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}" })
        {
            var path = Path.Combine(folder, "runtimes", rid, "native", file);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
