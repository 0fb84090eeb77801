using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Everything about an analyzer test besides the main markup source and the analyzers. All properties are optional;
/// <c>new AnalyzerTestOptions { ... }</c> with only what the test needs.
/// </summary>
public record AnalyzerTestOptions
{
    /// <summary>The ID that <c>[|...|]</c> stands for. Defaults to the only ID the analyzers support, if there is exactly one.</summary>
    public string? DefaultDiagnosticId { get; init; }

    /// <summary>More test sources (markup allowed), compiled as <c>/0/Test1.cs</c>, <c>/0/Test2.cs</c>, ...</summary>
    public IReadOnlyList<string> AdditionalSources { get; init; } = [];

    /// <summary>Additional files (MSBuild <c>AdditionalFiles</c>) for analyzers and generators.</summary>
    public IReadOnlyList<AdditionalFile> AdditionalFiles { get; init; } = [];

    /// <summary>References beyond .NET 10, for example <c>ReferenceAssemblies.FromAssembly(typeof(IDurableContext).Assembly)</c>.</summary>
    public IReadOnlyList<MetadataReference> AdditionalReferences { get; init; } = [];

    /// <summary>Generators run before the analyzers, so the analyzers (and the compile check) see the generated code.</summary>
    public IReadOnlyList<IIncrementalGenerator> Generators { get; init; } = [];

    /// <summary>Analyzer config: <c>build_property.X</c> global options, .editorconfig options and severities.</summary>
    public TestAnalyzerConfig AnalyzerConfig { get; init; } = TestAnalyzerConfig.Empty;

    /// <summary>
    /// Expectations markup cannot express: diagnostics in generated files, without location, or with a given message.
    /// In code-fix tests they apply before the fix; those outside the test sources also apply after it.
    /// </summary>
    public IReadOnlyList<ExpectedDiagnostic> ExpectedDiagnostics { get; init; } = [];

    /// <summary>Compare diagnostics in generated files too (default: they are ignored).</summary>
    public bool IncludeGeneratedCodeDiagnostics { get; init; }

    /// <summary>
    /// Do not fail when the test source has compiler errors (for tests of analyzers on incomplete code). In code-fix tests
    /// this also waives the check that the fixed code compiles.
    /// </summary>
    public bool AllowCompilationErrors { get; init; }

    /// <summary>Add the SDK's implicit global usings (<see cref="CSharpSource.ImplicitUsings"/>) as an extra file.</summary>
    public bool ImplicitUsings { get; init; }

    /// <summary>Parse options; default <see cref="TestCompilation.DefaultParseOptions"/>.</summary>
    public CSharpParseOptions? ParseOptions { get; init; }

    /// <summary>Compilation options; default <see cref="TestCompilation.DefaultCompilationOptions"/>.</summary>
    public CSharpCompilationOptions? CompilationOptions { get; init; }

    /// <summary>The test compilation's assembly name.</summary>
    public string AssemblyName { get; init; } = TestCompilation.DefaultAssemblyName;
}
