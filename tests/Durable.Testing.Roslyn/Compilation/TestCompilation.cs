using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Builds C# compilations the way the repository's projects are built (latest language version, nullable enabled,
/// warning level 10, DLL output) and asserts on their compiler diagnostics.
/// </summary>
public static class TestCompilation
{
    /// <summary>The assembly name test compilations get unless told otherwise.</summary>
    public const string DefaultAssemblyName = "TestProject";

    /// <summary>Parse options: latest language version, documentation comments parsed.</summary>
    public static CSharpParseOptions DefaultParseOptions { get; } =
        new(LanguageVersion.Latest, DocumentationMode.Parse);

    /// <summary>
    /// Compilation options matching an SDK build of a library: DLL, nullable enabled, warning level 10,
    /// CS1701/CS1702/CS8002 suppressed as the SDK does, deterministic.
    /// </summary>
    public static CSharpCompilationOptions DefaultCompilationOptions { get; } =
        new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 10,
                deterministic: true,
                allowUnsafe: true)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
                ["CS8002"] = ReportDiagnostic.Suppress,
            });

    /// <summary>The path given to the <paramref name="index"/>-th test source: <c>/0/Test{index}.cs</c>.</summary>
    public static string SourcePath(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{TestAnalyzerConfig.ProjectDirectory}Test{index}.cs");

    /// <summary>Parses <paramref name="text"/> as a test source at <paramref name="path"/> (line endings normalized).</summary>
    public static SyntaxTree ParseSource(string text, string path, CSharpParseOptions? parseOptions = null) =>
        CSharpSyntaxTree.ParseText(
            CSharpSource.NormalizeLineEndings(text),
            parseOptions ?? DefaultParseOptions,
            path,
            Encoding.UTF8);

    /// <summary>
    /// Creates a compilation of <paramref name="sources"/> (paths <c>/0/Test0.cs</c>, <c>/0/Test1.cs</c>, ...) against
    /// <see cref="ReferenceAssemblies.Net10"/> plus <paramref name="additionalReferences"/>. Sources must not contain markup.
    /// </summary>
    public static CSharpCompilation Create(
        IEnumerable<string> sources,
        IEnumerable<MetadataReference>? additionalReferences = null,
        CSharpParseOptions? parseOptions = null,
        CSharpCompilationOptions? compilationOptions = null,
        string assemblyName = DefaultAssemblyName)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var trees = sources.Select((text, i) => ParseSource(text, SourcePath(i), parseOptions));
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            WithReferences(additionalReferences),
            compilationOptions ?? DefaultCompilationOptions);
    }

    /// <summary>Creates a compilation of <paramref name="sources"/> with the default options and references.</summary>
    public static CSharpCompilation Create(params string[] sources) => Create((IEnumerable<string>)sources);

    /// <summary>Returns <paramref name="compilation"/> with one more source file (an edit for incremental-cache checks).</summary>
    public static Compilation AddSource(Compilation compilation, string text, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var options = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions;
        path ??= SourcePath(compilation.SyntaxTrees.Count());
        return compilation.AddSyntaxTrees(ParseSource(text, path, options));
    }

    /// <summary>
    /// Returns <paramref name="compilation"/> with the source at <paramref name="path"/> edited by <paramref name="edit"/>
    /// (for example <c>text => text.Replace("return 1;", "return 2;")</c>). Fails if the edit changes nothing.
    /// </summary>
    public static Compilation EditSource(Compilation compilation, string path, Func<string, string> edit)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        ArgumentNullException.ThrowIfNull(edit);
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path)
            ?? throw new RoslynTestException($"The compilation has no source at '{path}'. Sources: {string.Join(", ", compilation.SyntaxTrees.Select(t => t.FilePath))}");
        var before = tree.GetText().ToString();
        var after = edit(before);
        if (after == before)
        {
            throw new RoslynTestException($"The edit of '{path}' changed nothing.");
        }

        return compilation.ReplaceSyntaxTree(tree, ParseSource(after, path, tree.Options as CSharpParseOptions));
    }

    /// <summary>Fails if <paramref name="compilation"/> has compiler errors, listing each with the source around it.</summary>
    /// <param name="compilation">The compilation to check.</param>
    /// <param name="what">What is being compiled, for the message (for example "the test source").</param>
    public static void AssertNoErrors(Compilation compilation, string what = "The compilation")
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        if (!errors.IsEmpty)
        {
            throw new RoslynTestException(DiagnosticReport.CompilerDiagnostics($"{what} does not compile ({errors.Length} error(s)):", compilation, errors));
        }
    }

    /// <summary>
    /// Fails if <paramref name="compilation"/> has any diagnostic of warning severity or above, as a build with
    /// <c>TreatWarningsAsErrors</c> would (warning level 10, all warning waves).
    /// </summary>
    /// <param name="compilation">The compilation to check.</param>
    /// <param name="what">What is being compiled, for the message.</param>
    /// <param name="onlyIn">When given, only diagnostics in trees matching this predicate count (for example generated trees).</param>
    public static void AssertNoWarnings(Compilation compilation, string what = "The compilation", Func<SyntaxTree, bool>? onlyIn = null)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .Where(d => onlyIn is null || (d.Location.SourceTree is { } tree && onlyIn(tree)))
            .ToImmutableArray();
        if (!problems.IsEmpty)
        {
            throw new RoslynTestException(DiagnosticReport.CompilerDiagnostics(
                $"{what} is not clean under warnings-as-errors ({problems.Length} diagnostic(s)):", compilation, problems));
        }
    }

    internal static ImmutableArray<MetadataReference> WithReferences(IEnumerable<MetadataReference>? additional)
    {
        var all = ReferenceAssemblies.Net10.ToBuilder();
        if (additional is not null)
        {
            foreach (var reference in additional)
            {
                if (!all.Contains(reference))
                {
                    all.Add(reference);
                }
            }
        }

        return all.ToImmutable();
    }
}
