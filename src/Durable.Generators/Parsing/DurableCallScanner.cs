using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.Generators.Parsing;

/// <summary>
/// Finds the payload types of durable calls written in a workflow class (<c>CreateCallbackAsync&lt;T&gt;</c>,
/// <c>InvokeAsync&lt;TPayload, TResult&gt;</c>, <c>MapAsync&lt;TItem, TResult&gt;</c>, ...), explicit or inferred:
/// every type argument of an <c>IDurableContext</c> method is a payload the runtime serializes.
/// </summary>
internal static class DurableCallScanner
{
    private static readonly HashSet<string> s_durableMethods = new(StringComparer.Ordinal)
    {
        "StepAsync",
        "CreateCallbackAsync",
        "WaitForCallbackAsync",
        "InvokeAsync",
        "WaitForConditionAsync",
        "MapAsync",
        "ParallelAsync",
        "RunInChildContextAsync",
    };

    /// <summary>Adds the type arguments of every durable call in the declarations of <paramref name="type"/>.</summary>
    public static void AddPayloadTypes(INamedTypeSymbol type, KnownSymbols known, SemanticModel attributedModel, JsonTypeCollector collector, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            SemanticModel? model = null;
            foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                // A cheap syntactic filter first: only a handful of method names can be durable calls.
                var name = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => null,
                };
                if (name is null || !s_durableMethods.Contains(name))
                {
                    continue;
                }

                model ??= declaration.SyntaxTree == attributedModel.SyntaxTree ? attributedModel : known.Compilation.GetSemanticModel(declaration.SyntaxTree);
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { IsGenericMethod: true } method
                    && SymbolEqualityComparer.Default.Equals(method.OriginalDefinition.ContainingType, known.DurableContext))
                {
                    foreach (var argument in method.TypeArguments)
                    {
                        collector.Add(argument);
                    }
                }
            }
        }
    }
}
