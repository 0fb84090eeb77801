using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2002: inside a child-context, parallel-branch or map-item callback, a context from outside the callback (the
/// parent's parameter, a local, a field) used to start operations, passed to a call, or bound to the wrappers with
/// <c>Steps.On(...)</c>. Reading its properties (ARN, logger) is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ParentContextAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.ParentContextInCallback];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                var reference = operation.Operation;
                if (!durable.Symbols.IsDurableContext(reference.Type) || !IsUsedForDurableWork(reference))
                {
                    return;
                }

                var symbol = reference switch
                {
                    IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
                    ILocalReferenceOperation local => local.Local,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };
                var scope = durable.Scopes.Resolve(reference, operation.ContainingSymbol);
                if (symbol is null || !scope.IsWorkflow || scope.Callback == CallbackKind.None || scope.Boundary is null
                    || !symbol.IsDeclaredOutside(scope.Boundary.Syntax))
                {
                    return;
                }

                operation.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ParentContextInCallback,
                    reference.Syntax.GetLocation(),
                    reference.Syntax.ShortText(),
                    scope.Callback.Describe(),
                    scope.ContextParameter?.Name ?? "context"));
            },
            OperationKind.ParameterReference,
            OperationKind.LocalReference,
            OperationKind.FieldReference);
    }

    /// <summary>The context is the receiver of a call (an operation) or an argument of one (a helper, <c>Steps.On</c>).</summary>
    private static bool IsUsedForDurableWork(IOperation reference)
    {
        var parent = reference.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IInvocationOperation invocation => invocation.Instance is { } instance && DurableTasks.Unwrap(instance) == reference,
            IArgumentOperation => true,
            _ => false,
        };
    }
}
