using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeRefactorings;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Analyzers.Tests;

/// <summary>
/// Applies a code refactoring to the selection <c>[|...|]</c> of a test source in an AdhocWorkspace that runs the
/// workflow generator, and returns the refactored text and the compilation it gives (the harness has code-fix but
/// no refactoring verification).
/// </summary>
internal static class RefactoringRunner
{
    public static async Task<(string? Text, Compilation? Compilation)> ApplyAsync(CodeRefactoringProvider provider, string markup)
    {
        var parsed = Markup.Parse(CSharpSource.NormalizeLineEndings(markup));
        var selection = Assert.Single(parsed.Spans).Span;
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Create(), "TestProject", "TestProject", LanguageNames.CSharp,
                compilationOptions: TestCompilation.DefaultCompilationOptions,
                parseOptions: TestCompilation.DefaultParseOptions,
                metadataReferences: ReferenceAssemblies.Net10.Concat(Verify.References),
                analyzerReferences: [new GeneratorReference(new Durable.Generators.WorkflowGenerator())]))
            .AddDocument(documentId, "Test0.cs", SourceText.From(parsed.Source), filePath: "/0/Test0.cs")
            .AddDocument(DocumentId.CreateNewId(projectId), "ImplicitUsings.cs", SourceText.From(CSharpSource.ImplicitUsings), filePath: "/0/ImplicitUsings.cs");
        var document = solution.GetDocument(documentId)!;

        var actions = new List<CodeAction>();
        await provider.ComputeRefactoringsAsync(new CodeRefactoringContext(document, selection, actions.Add, CancellationToken.None));
        if (actions.Count == 0)
        {
            return (null, null);
        }

        var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var text = (await changed.GetDocument(documentId)!.GetTextAsync()).ToString();
        var compilation = await changed.GetProject(projectId)!.GetCompilationAsync();
        return (CSharpSource.NormalizeLineEndings(text), compilation);
    }

    /// <summary>Hands the generator to the workspace; the same wrapper instance every time, as the driver requires.</summary>
    private sealed class GeneratorReference(IIncrementalGenerator generator) : AnalyzerReference
    {
        private readonly ImmutableArray<ISourceGenerator> _generators = [generator.AsSourceGenerator()];

        public override string FullPath => "/RefactoringTestGenerators.dll";

        public override object Id => this;

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => [];

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => [];

        public override ImmutableArray<ISourceGenerator> GetGenerators(string language) => _generators;

        public override ImmutableArray<ISourceGenerator> GetGeneratorsForAllLanguages() => _generators;
    }
}
