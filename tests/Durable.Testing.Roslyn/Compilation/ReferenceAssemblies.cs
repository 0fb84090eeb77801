using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Metadata references for test compilations: the .NET 10 reference pack of the installed SDK, plus caller-supplied
/// assemblies (for example the real Durable.Runtime.dll). Every reference is created once per process and reused,
/// because reading metadata is the most expensive part of building a small compilation.
/// </summary>
public static class ReferenceAssemblies
{
    /// <summary>
    /// Environment variable that, when set, names a directory of reference assemblies to use instead of the SDK's
    /// <c>packs/Microsoft.NETCore.App.Ref/10.x/ref/net10.0</c> (for machines with an unusual .NET layout).
    /// </summary>
    public const string DirectoryOverrideVariable = "DURABLE_REFERENCE_ASSEMBLIES_DIR";

    private static readonly ConcurrentDictionary<string, MetadataReference> s_byPath = new(StringComparer.Ordinal);
    private static readonly Lazy<string> s_net10Directory = new(LocateNet10Directory);
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_net10 = new(() =>
        Directory.GetFiles(Net10Directory, "*.dll")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(FromFile)
            .ToImmutableArray());

    /// <summary>The reference assemblies of the highest installed <c>Microsoft.NETCore.App.Ref</c> 10.x pack (cached).</summary>
    public static ImmutableArray<MetadataReference> Net10 => s_net10.Value;

    /// <summary>The directory <see cref="Net10"/> is read from.</summary>
    /// <exception cref="RoslynTestException">No .NET 10 reference pack was found.</exception>
    public static string Net10Directory => s_net10Directory.Value;

    /// <summary>A cached reference to the assembly file at <paramref name="path"/>.</summary>
    public static MetadataReference FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        return s_byPath.GetOrAdd(fullPath, static p =>
        {
            if (!File.Exists(p))
            {
                throw new RoslynTestException($"Reference assembly not found: {p}");
            }

            return MetadataReference.CreateFromFile(p);
        });
    }

    /// <summary>
    /// A cached reference to a loaded assembly, through its <see cref="Assembly.Location"/>
    /// (for example <c>ReferenceAssemblies.FromAssembly(typeof(IDurableContext).Assembly)</c>).
    /// </summary>
    public static MetadataReference FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (string.IsNullOrEmpty(assembly.Location))
        {
            throw new RoslynTestException(
                $"Assembly '{assembly.FullName}' has no file location (dynamic or single-file); it cannot be referenced by a test compilation.");
        }

        return FromFile(assembly.Location);
    }

    /// <summary>A cached reference to the assembly that defines <typeparamref name="T"/>.</summary>
    public static MetadataReference Of<T>() => FromAssembly(typeof(T).Assembly);

    /// <summary>
    /// The .NET installation roots considered, most trusted first: the running runtime's own root, DOTNET_ROOT,
    /// the dotnet host running this process, then the usual install locations.
    /// </summary>
    public static IReadOnlyList<string> CandidateDotNetRoots()
    {
        var roots = new List<string>();

        // shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll -> three levels up is the dotnet root.
        var coreLib = typeof(object).Assembly.Location;
        if (!string.IsNullOrEmpty(coreLib))
        {
            var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(coreLib))));
            Add(roots, root);
        }

        Add(roots, Environment.GetEnvironmentVariable("DOTNET_ROOT"));
        Add(roots, Environment.GetEnvironmentVariable("DOTNET_ROOT_X64"));
        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            Add(roots, Path.GetDirectoryName(processPath));
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Add(roots, "/usr/share/dotnet");
        Add(roots, "/usr/lib/dotnet");
        Add(roots, "/usr/local/share/dotnet");
        Add(roots, "/opt/dotnet");
        if (!string.IsNullOrEmpty(home))
        {
            Add(roots, Path.Combine(home, ".dotnet"));
        }

        var programFiles = Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles);
        if (!string.IsNullOrEmpty(programFiles))
        {
            Add(roots, Path.Combine(programFiles, "dotnet"));
        }

        return roots;

        static void Add(List<string> list, string? path)
        {
            if (!string.IsNullOrWhiteSpace(path) && !list.Contains(path, StringComparer.Ordinal))
            {
                list.Add(path);
            }
        }
    }

    private static string LocateNet10Directory()
    {
        var overrideDirectory = Environment.GetEnvironmentVariable(DirectoryOverrideVariable);
        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            if (!Directory.Exists(overrideDirectory) || Directory.GetFiles(overrideDirectory, "System.Runtime.dll").Length == 0)
            {
                throw new RoslynTestException(
                    $"{DirectoryOverrideVariable}={overrideDirectory} does not name a directory containing System.Runtime.dll.");
            }

            return overrideDirectory;
        }

        var searched = new List<string>();
        foreach (var root in CandidateDotNetRoots())
        {
            var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
            searched.Add(packs);
            if (!Directory.Exists(packs))
            {
                continue;
            }

            var best = Directory.GetDirectories(packs)
                .Select(dir => (Dir: dir, Version: PackVersion.TryParse(Path.GetFileName(dir))))
                .Where(x => x.Version is { Major: 10 } && File.Exists(Path.Combine(x.Dir, "ref", "net10.0", "System.Runtime.dll")))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault();
            if (best.Dir is not null)
            {
                return Path.Combine(best.Dir, "ref", "net10.0");
            }
        }

        throw new RoslynTestException(
            "No Microsoft.NETCore.App.Ref 10.x reference pack was found. Searched:" + Environment.NewLine +
            string.Join(Environment.NewLine, searched.Select(s => "  " + s)) + Environment.NewLine +
            $"Set DOTNET_ROOT, or {DirectoryOverrideVariable} to a ref/net10.0 directory.");
    }

    /// <summary>A pack folder name such as <c>10.0.12</c> or <c>10.0.0-rc.2.25502.107</c>; releases sort above previews.</summary>
    private sealed record PackVersion(Version Number, string? Prerelease) : IComparable<PackVersion>
    {
        public int Major => Number.Major;

        public static PackVersion? TryParse(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            var dash = text.IndexOf('-', StringComparison.Ordinal);
            var core = dash < 0 ? text : text[..dash];
            return Version.TryParse(core, out var number)
                ? new PackVersion(number, dash < 0 ? null : text[(dash + 1)..])
                : null;
        }

        public int CompareTo(PackVersion? other)
        {
            if (other is null)
            {
                return 1;
            }

            var byNumber = Number.CompareTo(other.Number);
            if (byNumber != 0)
            {
                return byNumber;
            }

            return (Prerelease, other.Prerelease) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => string.Compare(Prerelease, other.Prerelease, StringComparison.Ordinal),
            };
        }

        public override string ToString() =>
            Prerelease is null ? Number.ToString() : string.Create(CultureInfo.InvariantCulture, $"{Number}-{Prerelease}");
    }
}
