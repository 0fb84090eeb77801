using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Testing.Roslyn;

/// <summary>Runs analyzers over a compilation and fails on any analyzer exception (AD0001) instead of hiding it.</summary>
internal static class AnalyzerRunner
{
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        AnalyzerOptions options,
        CancellationToken cancellationToken)
    {
        var exceptions = new ConcurrentQueue<(Exception Exception, DiagnosticAnalyzer Analyzer)>();
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                options,
                onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue((exception, analyzer)),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        var crashes = diagnostics.Where(d => d.Id is "AD0001").ToList();
        if (!exceptions.IsEmpty || crashes.Count > 0)
        {
            var message = "An analyzer threw (AD0001); analyzers must never throw:\n" +
                string.Join("\n", exceptions.Select(e => $"  {e.Analyzer.GetType().FullName}: {e.Exception}")) +
                (exceptions.IsEmpty ? string.Join("\n", crashes.Select(d => "  " + DiagnosticReport.Message(d))) : string.Empty);
            throw exceptions.TryPeek(out var first)
                ? new RoslynTestException(message, first.Exception)
                : new RoslynTestException(message);
        }

        return diagnostics;
    }
}
