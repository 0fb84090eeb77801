using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn;

/// <summary>
/// An <see cref="AdhocWorkspace"/> holding the test project for code fixes: the same sources, paths, references and
/// options as the analyzer compilation, the generators as an analyzer reference (the workspace runs them), and the
/// analyzer config as real analyzer-config documents (so severities and options apply as in the IDE).
/// </summary>
internal sealed class TestWorkspace : IDisposable
{
    private readonly AdhocWorkspace _workspace;

    private TestWorkspace(AdhocWorkspace workspace, ProjectId projectId, ImmutableArray<DocumentId> testDocuments)
    {
        _workspace = workspace;
        ProjectId = projectId;
        TestDocuments = testDocuments;
        InitialSolution = workspace.CurrentSolution;
    }

    public ProjectId ProjectId { get; }

    /// <summary>The documents of the markup sources, in order (Test0.cs first); excludes the implicit-usings file.</summary>
    public ImmutableArray<DocumentId> TestDocuments { get; }

    public Solution InitialSolution { get; }

    public static TestWorkspace Create(TestSources sources, IEnumerable<MetadataReference>? extraReferences, IReadOnlyList<IIncrementalGenerator> generators)
    {
        var options = sources.Options;
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId("TestProject");
        var documents = sources.CompiledSources()
            .Select(s => DocumentInfo.Create(
                DocumentId.CreateNewId(projectId, s.Path),
                Path.GetFileName(s.Path),
                loader: Loader(s.Text),
                filePath: s.Path))
            .ToList();
        var project = ProjectInfo.Create(
                projectId,
                VersionStamp.Create(),
                options.AssemblyName,
                options.AssemblyName,
                LanguageNames.CSharp,
                filePath: TestAnalyzerConfig.ProjectDirectory + options.AssemblyName + ".csproj",
                compilationOptions: options.CompilationOptions ?? TestCompilation.DefaultCompilationOptions,
                parseOptions: sources.ParseOptions,
                documents: documents,
                metadataReferences: sources.References(extraReferences),
                analyzerReferences: generators.Count == 0 ? [] : [new GeneratorReference(generators)],
                additionalDocuments: options.AdditionalFiles.Select(f =>
                    DocumentInfo.Create(DocumentId.CreateNewId(projectId), Path.GetFileName(f.Path), loader: Loader(f.Text), filePath: f.Path)))
            .WithAnalyzerConfigDocuments(options.AnalyzerConfig.ToConfigFiles().Select(f =>
                DocumentInfo.Create(DocumentId.CreateNewId(projectId), Path.GetFileName(f.Key), loader: Loader(f.Value), filePath: f.Key)));

        var solution = workspace.CurrentSolution.AddProject(project);
        if (!workspace.TryApplyChanges(solution))
        {
            workspace.Dispose();
            throw new RoslynTestException("Could not create the code-fix test workspace.");
        }

        var testDocuments = documents.Take(sources.Files.Length).Select(d => d.Id).ToImmutableArray();
        return new TestWorkspace(workspace, projectId, testDocuments);
    }

    public void Dispose() => _workspace.Dispose();

    private static TextLoader Loader(string text) =>
        TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Create()));

    /// <summary>Hands the test's generators to the workspace, which runs them when it builds the compilation.</summary>
    private sealed class GeneratorReference(IReadOnlyList<IIncrementalGenerator> generators) : AnalyzerReference
    {
        private readonly ImmutableArray<ISourceGenerator> _generators = generators.Select(g => g.AsSourceGenerator()).ToImmutableArray();

        public override string FullPath => "/TestGenerators.dll";

        public override string Display => "Test generators";

        public override object Id => this;

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => [];

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => [];

        public override ImmutableArray<ISourceGenerator> GetGenerators(string language) => _generators;

        public override ImmutableArray<ISourceGenerator> GetGeneratorsForAllLanguages() => _generators;
    }
}
