using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Verifies a code fix in an <see cref="AdhocWorkspace"/>: the "before" markup must match the analyzer's diagnostics;
/// the fix is applied one diagnostic at a time until no fixable diagnostic remains (bounded); the result must equal the
/// expected code (line endings normalized), compile without errors, and carry exactly the diagnostics its own markup
/// marks (none by default, so the fixed diagnostic must be gone). When the fix has a Fix All provider, Fix All must
/// produce the same code; tests of fixes that must not offer Fix All set <see cref="CodeFixTestOptions.AllowFixAll"/> false.
/// </summary>
public static class CodeFixVerifier
{
    /// <summary>Verifies a code fix and analyzer created with their parameterless constructors.</summary>
    public static Task VerifyAsync<TAnalyzer, TCodeFix>(
        string markupBefore,
        string expectedAfter,
        CodeFixTestOptions? options = null,
        CancellationToken cancellationToken = default)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        VerifyAsync(markupBefore, expectedAfter, new TAnalyzer(), new TCodeFix(), options, cancellationToken);

    /// <summary>
    /// Verifies that <paramref name="codeFix"/> turns <paramref name="markupBefore"/> into <paramref name="expectedAfter"/>.
    /// <paramref name="expectedAfter"/> may contain markup for diagnostics that legitimately remain.
    /// </summary>
    /// <exception cref="RoslynTestException">Any step of the verification failed; the message says which and shows the code.</exception>
    public static async Task VerifyAsync(
        string markupBefore,
        string expectedAfter,
        DiagnosticAnalyzer analyzer,
        CodeFixProvider codeFix,
        CodeFixTestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedAfter);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(codeFix);
        options ??= new CodeFixTestOptions();
        var session = await FixSession.StartAsync(markupBefore, analyzer, codeFix, options, cancellationToken).ConfigureAwait(false);
        using var workspace = session.Workspace;

        var fixAllProvider = codeFix.GetFixAllProvider();
        if (!options.AllowFixAll)
        {
            AssertNoFixAllProvider(codeFix);
        }

        if (options.ExpectedAdditionalSourcesAfter is { } additionalAfter && additionalAfter.Count != options.AdditionalSources.Count)
        {
            throw new ArgumentException(
                $"ExpectedAdditionalSourcesAfter has {additionalAfter.Count} entries but there are {options.AdditionalSources.Count} AdditionalSources.",
                nameof(options));
        }

        // The "after" markup replaces expectations inside the test sources; those about generated files or without a
        // location still hold.
        var after = TestSources.Parse(
            expectedAfter,
            options with
            {
                AdditionalSources = options.ExpectedAdditionalSourcesAfter ?? session.Sources.Files.Skip(1).Select(f => f.Markup.Source).ToList(),
                ExpectedDiagnostics = options.ExpectedDiagnostics.Where(e => e.FilePath is null || !session.Sources.Paths.Any(e.MatchesPath)).ToList(),
            },
            [analyzer]);

        var (fixedSolution, iterations, firstAction) = await session.ApplyOneAtATimeAsync(cancellationToken).ConfigureAwait(false);
        if (options.ExpectedIterations is { } expectedIterations && expectedIterations != iterations)
        {
            throw new RoslynTestException(string.Create(CultureInfo.InvariantCulture,
                $"The code fix reached a result after {iterations} application(s); the test expects {expectedIterations}.\n") +
                await session.DescribeAsync(fixedSolution, cancellationToken).ConfigureAwait(false));
        }

        await session.CheckResultAsync("applying the code fix one diagnostic at a time", fixedSolution, after, cancellationToken).ConfigureAwait(false);

        if (fixAllProvider is null || !options.AllowFixAll)
        {
            return;
        }

        var key = options.CodeActionEquivalenceKey ?? firstAction.EquivalenceKey
            ?? throw new RoslynTestException(
                $"The code fix offers Fix All, but its code action '{firstAction.Title}' has no EquivalenceKey, so Fix All cannot select it. " +
                "Give the action an equivalence key, or return no Fix All provider (and set AllowFixAll = false).");
        var supportedScopes = fixAllProvider.GetSupportedFixAllScopes();
        var scopes = new[] { FixAllScope.Document, FixAllScope.Project }.Where(supportedScopes.Contains).ToList();
        if (scopes.Count == 0)
        {
            throw new RoslynTestException(
                $"The Fix All provider supports neither document nor project scope (it supports: {string.Join(", ", supportedScopes)}).");
        }

        foreach (var scope in scopes)
        {
            var fixedAll = await session.ApplyFixAllAsync(fixAllProvider, scope, key, cancellationToken).ConfigureAwait(false);
            await session.CheckResultAsync($"Fix All ({scope} scope)", fixedAll, after, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Verifies that the diagnostics in <paramref name="markup"/> are reported and that <paramref name="codeFix"/> offers
    /// no code action for any of them (or none with <see cref="CodeFixTestOptions.CodeActionEquivalenceKey"/>, when set).
    /// </summary>
    public static async Task VerifyNoFixOfferedAsync(
        string markup,
        DiagnosticAnalyzer analyzer,
        CodeFixProvider codeFix,
        CodeFixTestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(codeFix);
        options ??= new CodeFixTestOptions();
        var session = await FixSession.StartAsync(markup, analyzer, codeFix, options, cancellationToken).ConfigureAwait(false);
        using var workspace = session.Workspace;
        var offered = await session.DescribeOfferedActionsAsync(cancellationToken).ConfigureAwait(false);
        if (offered is not null)
        {
            throw new RoslynTestException("The code fix offers actions where the test expects none:\n" + offered);
        }
    }

    /// <summary>
    /// Fails unless <paramref name="codeFix"/> returns no Fix All provider. Fixes that insert, remove or reorder durable
    /// operations must not offer Fix All (it would shift the operation IDs of executions in flight).
    /// </summary>
    public static void AssertNoFixAllProvider(CodeFixProvider codeFix)
    {
        ArgumentNullException.ThrowIfNull(codeFix);
        var provider = codeFix.GetFixAllProvider();
        if (provider is not null)
        {
            throw new RoslynTestException(
                $"{codeFix.GetType().FullName} must not offer Fix All, but GetFixAllProvider() returns {provider.GetType().FullName}.");
        }
    }

    /// <summary>Fails unless <paramref name="codeFix"/> returns a Fix All provider.</summary>
    public static void AssertHasFixAllProvider(CodeFixProvider codeFix)
    {
        ArgumentNullException.ThrowIfNull(codeFix);
        if (codeFix.GetFixAllProvider() is null)
        {
            throw new RoslynTestException($"{codeFix.GetType().FullName} should offer Fix All, but GetFixAllProvider() returns null.");
        }
    }

    /// <summary>The state of one code-fix verification: parsed sources, the workspace and the fix under test.</summary>
    private sealed class FixSession
    {
        private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
        private readonly CodeFixProvider _codeFix;
        private readonly CodeFixTestOptions _options;
        private readonly ImmutableHashSet<string> _fixableIds;

        private FixSession(TestSources sources, TestWorkspace workspace, DiagnosticAnalyzer analyzer, CodeFixProvider codeFix, CodeFixTestOptions options, ImmutableHashSet<string> fixableIds)
        {
            Sources = sources;
            Workspace = workspace;
            _analyzers = [analyzer];
            _codeFix = codeFix;
            _options = options;
            _fixableIds = fixableIds;
        }

        public TestSources Sources { get; }

        public TestWorkspace Workspace { get; }

        public static async Task<FixSession> StartAsync(string markupBefore, DiagnosticAnalyzer analyzer, CodeFixProvider codeFix, CodeFixTestOptions options, CancellationToken cancellationToken)
        {
            var supported = analyzer.SupportedDiagnostics.Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);
            var fixableIds = codeFix.FixableDiagnosticIds.Where(supported.Contains).ToImmutableHashSet(StringComparer.Ordinal);
            if (fixableIds.IsEmpty)
            {
                throw new RoslynTestException(
                    $"{codeFix.GetType().Name} fixes [{string.Join(", ", codeFix.FixableDiagnosticIds)}] but {analyzer.GetType().Name} reports [{string.Join(", ", supported)}]: nothing to fix.");
            }

            var sources = TestSources.Parse(markupBefore, options, [analyzer]);
            var before = await AnalyzerVerifier.RunCoreAsync(sources, [analyzer], generators: null, extraReferences: null, cancellationToken).ConfigureAwait(false);
            var failure = AnalyzerVerifier.Compare("Before the fix, the analyzer diagnostics do not match the markup", sources, before);
            if (failure is not null)
            {
                throw new RoslynTestException(failure);
            }

            if (!before.Diagnostics.Any(d => fixableIds.Contains(d.Id) && d.Location.SourceTree is { } tree && sources.Paths.Contains(tree.FilePath)))
            {
                throw new RoslynTestException(
                    $"The test source has no diagnostic the code fix can fix ({string.Join(", ", fixableIds)}); mark one with markup.");
            }

            return new FixSession(sources, TestWorkspace.Create(sources, extraReferences: null, options.Generators), analyzer, codeFix, options, fixableIds);
        }

        public async Task<(Solution Solution, int Iterations, CodeAction FirstAction)> ApplyOneAtATimeAsync(CancellationToken cancellationToken)
        {
            var solution = Workspace.InitialSolution;
            var iterations = 0;
            CodeAction? firstAction = null;
            while (true)
            {
                var fixable = await FixableDiagnosticsAsync(solution, cancellationToken).ConfigureAwait(false);
                if (fixable.IsEmpty)
                {
                    break;
                }

                (Diagnostic Diagnostic, CodeAction Action)? picked = null;
                var offered = new StringBuilder();
                foreach (var diagnostic in fixable)
                {
                    var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
                    var actions = await GetActionsAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
                    offered.Append("  for ").Append(Describe(diagnostic)).Append(": ").Append(DescribeActions(actions)).Append('\n');
                    var action = Select(actions);
                    if (action is not null)
                    {
                        picked = (diagnostic, action);
                        break;
                    }
                }

                if (picked is not { } pick)
                {
                    if (iterations == 0)
                    {
                        throw new RoslynTestException(
                            $"The code fix offered no action to apply ({Selection()}) for any of the {fixable.Length} fixable diagnostic(s):\n{offered}");
                    }

                    break;
                }

                if (iterations >= _options.MaxIterations)
                {
                    throw new RoslynTestException(string.Create(CultureInfo.InvariantCulture,
                        $"Fixable diagnostics remain after {iterations} code fix applications (MaxIterations); the fix may not converge. Now:\n") +
                        await DescribeAsync(solution, cancellationToken).ConfigureAwait(false));
                }

                var next = await ApplyAsync(pick.Action, cancellationToken).ConfigureAwait(false);
                if (await SameTextAsync(solution, next, cancellationToken).ConfigureAwait(false))
                {
                    throw new RoslynTestException($"The code action '{pick.Action.Title}' for {Describe(pick.Diagnostic)} changed nothing.");
                }

                firstAction ??= pick.Action;
                solution = next;
                iterations++;
            }

            return (solution, iterations, firstAction!);
        }

        public async Task<Solution> ApplyFixAllAsync(FixAllProvider provider, FixAllScope scope, string equivalenceKey, CancellationToken cancellationToken)
        {
            var solution = Workspace.InitialSolution;
            for (var pass = 0; ; pass++)
            {
                var fixable = await FixableDiagnosticsAsync(solution, cancellationToken).ConfigureAwait(false);
                if (fixable.IsEmpty)
                {
                    return solution;
                }

                if (pass >= _options.MaxIterations)
                {
                    throw new RoslynTestException(string.Create(CultureInfo.InvariantCulture,
                        $"Fixable diagnostics remain after {pass} Fix All ({scope}) passes (MaxIterations). Now:\n") +
                        await DescribeAsync(solution, cancellationToken).ConfigureAwait(false));
                }

                var document = solution.GetDocument(fixable[0].Location.SourceTree)!;
                var context = new FixAllContext(
                    document,
                    _codeFix,
                    scope,
                    equivalenceKey,
                    fixable.Select(d => d.Id).Distinct(StringComparer.Ordinal),
                    new AnalyzerDiagnosticProvider(_analyzers, _fixableIds),
                    cancellationToken);
                var action = await provider.GetFixAsync(context).ConfigureAwait(false);
                var next = action is null ? solution : await ApplyAsync(action, cancellationToken).ConfigureAwait(false);
                if (await SameTextAsync(solution, next, cancellationToken).ConfigureAwait(false))
                {
                    if (pass == 0)
                    {
                        throw new RoslynTestException(
                            $"Fix All ({scope} scope, equivalence key '{equivalenceKey}') {(action is null ? "returned no code action" : "changed nothing")}.");
                    }

                    return solution;
                }

                solution = next;
            }
        }

        public async Task CheckResultAsync(string label, Solution solution, TestSources expected, CancellationToken cancellationToken)
        {
            var project = solution.GetProject(Workspace.ProjectId)!;
            for (var i = 0; i < Workspace.TestDocuments.Length; i++)
            {
                var actual = await TextOfAsync(solution, Workspace.TestDocuments[i], cancellationToken).ConfigureAwait(false);
                var wanted = expected.Files[i].Markup.Source;
                if (!string.Equals(actual, wanted, StringComparison.Ordinal))
                {
                    throw new RoslynTestException(
                        $"After {label}, {SourceRenderer.DisplayPath(expected.Files[i].Path)} differs from the expected code:\n" +
                        TextDiff.Describe(wanted, actual) + "\n  Actual code:\n" + Indent(actual));
                }
            }

            var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            if (!_options.AllowCompilationErrors)
            {
                TestCompilation.AssertNoErrors(compilation, $"After {label}, the fixed code");
            }

            var diagnostics = await AnalyzerRunner.RunAsync(compilation, _analyzers, project.AnalyzerOptions, cancellationToken).ConfigureAwait(false);
            var actualDiagnostics = diagnostics
                .Where(d => _options.IncludeGeneratedCodeDiagnostics || d.Location.SourceTree is not { } tree || solution.GetDocumentId(tree) is not null)
                .ToList();
            var failure = DiagnosticReport.Compare(
                $"After {label}, the analyzer diagnostics do not match the expected code's markup (fixed diagnostics must be gone)",
                expected.ExpectedDiagnostics(),
                actualDiagnostics,
                AnalyzerVerifier.Texts(compilation),
                expected.Paths);
            if (failure is not null)
            {
                throw new RoslynTestException(failure);
            }
        }

        public async Task<string?> DescribeOfferedActionsAsync(CancellationToken cancellationToken)
        {
            var solution = Workspace.InitialSolution;
            var offered = new StringBuilder();
            foreach (var diagnostic in await FixableDiagnosticsAsync(solution, cancellationToken).ConfigureAwait(false))
            {
                var actions = await GetActionsAsync(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, cancellationToken).ConfigureAwait(false);
                var relevant = _options.CodeActionEquivalenceKey is { } key ? actions.Where(a => a.EquivalenceKey == key).ToList() : actions;
                if (relevant.Count > 0)
                {
                    offered.Append("  for ").Append(Describe(diagnostic)).Append(": ").Append(DescribeActions(relevant)).Append('\n');
                }
            }

            return offered.Length == 0 ? null : offered.ToString();
        }

        public async Task<string> DescribeAsync(Solution solution, CancellationToken cancellationToken)
        {
            var output = new StringBuilder();
            foreach (var id in Workspace.TestDocuments)
            {
                var document = solution.GetDocument(id)!;
                output.Append("  ").Append(SourceRenderer.DisplayPath(document.FilePath)).Append(":\n")
                    .Append(Indent(await TextOfAsync(solution, id, cancellationToken).ConfigureAwait(false))).Append('\n');
            }

            return output.ToString();
        }

        private async Task<ImmutableArray<Diagnostic>> FixableDiagnosticsAsync(Solution solution, CancellationToken cancellationToken)
        {
            var project = solution.GetProject(Workspace.ProjectId)!;
            var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var diagnostics = await AnalyzerRunner.RunAsync(compilation, _analyzers, project.AnalyzerOptions, cancellationToken).ConfigureAwait(false);
            return diagnostics
                .Where(d => _fixableIds.Contains(d.Id) && d.Location.SourceTree is { } tree
                    && solution.GetDocumentId(tree) is { } id && Workspace.TestDocuments.Contains(id))
                .OrderBy(d => Workspace.TestDocuments.IndexOf(solution.GetDocumentId(d.Location.SourceTree)!))
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Location.SourceSpan.End)
                .ToImmutableArray();
        }

        private async Task<List<CodeAction>> GetActionsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await _codeFix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            return actions.SelectMany(Flatten).ToList();

            static IEnumerable<CodeAction> Flatten(CodeAction action) =>
                action.NestedActions.IsDefaultOrEmpty ? [action] : action.NestedActions.SelectMany(Flatten);
        }

        private CodeAction? Select(List<CodeAction> actions)
        {
            if (_options.CodeActionEquivalenceKey is { } key)
            {
                return actions.Find(a => a.EquivalenceKey == key);
            }

            var index = _options.CodeActionIndex ?? 0;
            return index < actions.Count ? actions[index] : null;
        }

        private string Selection() => _options.CodeActionEquivalenceKey is { } key
            ? $"equivalence key '{key}'"
            : string.Create(CultureInfo.InvariantCulture, $"index {_options.CodeActionIndex ?? 0}");

        private static async Task<Solution> ApplyAsync(CodeAction action, CancellationToken cancellationToken)
        {
            var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            var apply = operations.OfType<ApplyChangesOperation>().ToList();
            return apply.Count == 1
                ? apply[0].ChangedSolution
                : throw new RoslynTestException(string.Create(CultureInfo.InvariantCulture,
                    $"The code action '{action.Title}' produced {apply.Count} ApplyChangesOperation(s); exactly one is expected."));
        }

        private async Task<bool> SameTextAsync(Solution before, Solution after, CancellationToken cancellationToken)
        {
            var a = before.GetProject(Workspace.ProjectId)!;
            var b = after.GetProject(Workspace.ProjectId)!;
            if (!a.DocumentIds.SequenceEqual(b.DocumentIds))
            {
                return false;
            }

            foreach (var id in a.DocumentIds)
            {
                var textA = await a.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var textB = await b.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (!textA.ContentEquals(textB))
                {
                    return false;
                }
            }

            return true;
        }

        private static async Task<string> TextOfAsync(Solution solution, DocumentId id, CancellationToken cancellationToken) =>
            CSharpSource.NormalizeLineEndings((await solution.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString());

        private static string Describe(Diagnostic d) =>
            $"{d.Id} at {SourceRenderer.Location(d.Location.SourceTree?.FilePath, d.Location.SourceTree?.GetText(), d.Location.SourceSpan)}";

        private static string DescribeActions(IReadOnlyList<CodeAction> actions) =>
            actions.Count == 0
                ? "no actions"
                : string.Join(", ", actions.Select((a, i) => string.Create(CultureInfo.InvariantCulture, $"[{i}] '{a.Title}' (key: {a.EquivalenceKey ?? "none"})")));

        private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "    " + l));
    }

    /// <summary>Supplies Fix All with the analyzer's diagnostics, computed on the solution Fix All is working on.</summary>
    private sealed class AnalyzerDiagnosticProvider(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableHashSet<string> ids) : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return (await AllAsync(document.Project, cancellationToken).ConfigureAwait(false)).Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            (await AllAsync(project, cancellationToken).ConfigureAwait(false)).Where(d => !d.Location.IsInSource);

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await AllAsync(project, cancellationToken).ConfigureAwait(false);

        private async Task<IEnumerable<Diagnostic>> AllAsync(Project project, CancellationToken cancellationToken)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var diagnostics = await AnalyzerRunner.RunAsync(compilation, analyzers, project.AnalyzerOptions, cancellationToken).ConfigureAwait(false);
            return diagnostics.Where(d => ids.Contains(d.Id));
        }
    }
}
