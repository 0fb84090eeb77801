using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2008: a durable operation (or wrapper) whose task is dropped: called as a statement, assigned to a discard,
/// or stored in a local that is never read. A task kept in a local and awaited or combined later is fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnawaitedOperationAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.OperationNotAwaited];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (durable.Operations.Classify(invocation.TargetMethod) == DurableOperationKind.None
                    || !durable.Symbols.IsTaskLike(invocation.Type)
                    || !IsDropped(invocation))
                {
                    return;
                }

                if (durable.Scopes.Resolve(invocation, operation.ContainingSymbol).IsWorkflow)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.OperationNotAwaited, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
                }
            },
            OperationKind.Invocation);
    }

    private static bool IsDropped(IInvocationOperation invocation)
    {
        IOperation current = invocation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IExpressionStatementOperation:
                return true;
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                var root = ScopeResolver.Root(invocation);
                return !root.Descendants().Any(d => d is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol));
            default:
                return false;
        }
    }
}
