using Durable.CodeFixes;

namespace Durable.Analyzers.Tests.CodeFixes;

public class ExtractToStepMethodRefactoringTests
{
    [Fact]
    public async Task A_selected_statement_range_becomes_one_step_method()
    {
        var (text, compilation) = await RefactoringRunner.ApplyAsync(new ExtractToStepMethodRefactoring(), """
            using Durable;

            [DurableWorkflow]
            public partial class Reports
            {
                public async Task<int> RunAsync(string folder, IDurableContext context)
                {
                    var prefix = folder + "/";
                    [|var names = Directory.GetFiles(prefix);
                    // Only the newest matter.
                    var count = names.Length;
                    var summary = $"{count} files at {DateTime.UtcNow:O}";|]
                    await context.WaitAsync(TimeSpan.FromMinutes(1));
                    return summary.Length;
                }
            }
            """);

        Assert.Equal("""
            using Durable;

            [DurableWorkflow]
            public partial class Reports
            {
                public async Task<int> RunAsync(string folder, IDurableContext context)
                {
                    var prefix = folder + "/";
                    var summary = await Steps.GetFilesAsync(prefix);
                    await context.WaitAsync(TimeSpan.FromMinutes(1));
                    return summary.Length;
                }

                [DurableStep]
                private static string GetFiles(string prefix)
                {
                    var names = Directory.GetFiles(prefix);
                    // Only the newest matter.
                    var count = names.Length;
                    var summary = $"{count} files at {DateTime.UtcNow:O}";
                    return summary;
                }
            }
            """, text);
        Assert.Empty(compilation!.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

        // The extracted code is step code now: nothing nondeterministic is left in workflow code.
        var diagnostics = await Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerExtensions.WithAnalyzers(compilation, [new NondeterministicApiAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task A_range_that_returns_or_writes_outer_variables_is_not_extracted()
    {
        var (returns, _) = await RefactoringRunner.ApplyAsync(new ExtractToStepMethodRefactoring(), """
            using Durable;

            [DurableWorkflow]
            public partial class Reports
            {
                public async Task<int> RunAsync(string folder, IDurableContext context)
                {
                    var total = 0;
                    [|total = Directory.GetFiles(folder).Length;|]
                    await context.WaitAsync(TimeSpan.FromMinutes(1));
                    [|if (total == 0) { return 0; }|]
                    return total;
                }
            }
            """.Replace("[|if (total == 0) { return 0; }|]", "if (total == 0) { return 0; }", StringComparison.Ordinal));
        Assert.Null(returns);
    }
}
