using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Analyzers;

/// <summary>
/// Base of every analyzer in the pack: concurrent, skips generated code, and registers nothing unless the
/// compilation references Durable.Runtime (the shared <see cref="DurableAnalysisContext"/> exists).
/// </summary>
public abstract class DurableAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (DurableAnalysisContext.For(start.Compilation) is { } durable)
            {
                Register(start, durable);
            }
        });
    }

    internal abstract void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable);
}
