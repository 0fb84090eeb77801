using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2009: an <c>async void</c> method, local function or lambda that is workflow or step code by its signature
/// (a context parameter, <c>[DurableStep]</c>) or that does durable work in its body. Ordinary async void event
/// handlers are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncVoidAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.AsyncVoid];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                var (symbol, body, location) = operation.Operation switch
                {
                    IMethodBodyOperation method when operation.ContainingSymbol is IMethodSymbol containing =>
                        (containing, (IOperation?)method, containing.IdentifierLocation()),
                    ILocalFunctionOperation local => (local.Symbol, local.Body ?? (IOperation?)local.IgnoredBody, local.Syntax.LambdaHeaderLocation()),
                    IAnonymousFunctionOperation lambda => (lambda.Symbol, lambda.Body, lambda.Syntax.LambdaHeaderLocation()),
                    _ => (null, null, null),
                };
                if (symbol is null || body is null || location is null || !symbol.IsAsync || !symbol.ReturnsVoid)
                {
                    return;
                }

                if (durable.Scopes.ClassifyFunction(symbol) != CodeKind.Plain
                    || DurableWork.Find(body, durable, unknownCallsCount: false, operation.CancellationToken) is not null)
                {
                    var name = symbol.MethodKind == MethodKind.AnonymousFunction ? location.SourceTree!.GetText().ToString(location.SourceSpan) : symbol.Name;
                    operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AsyncVoid, location, name));
                }
            },
            OperationKind.MethodBody,
            OperationKind.LocalFunction,
            OperationKind.AnonymousFunction);
    }
}
