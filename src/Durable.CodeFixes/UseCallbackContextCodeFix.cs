using System.Collections.Immutable;
using System.Composition;
using Durable.Analyzers;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.CodeFixes;

/// <summary>
/// DUR2002: replaces the parent's context inside a child, branch or map callback with the callback's own context
/// parameter, naming the parameter first when it is <c>_</c> or a discard. No Fix All: the operation moves from the
/// parent's numbering to the callback's, which changes its ID for executions in flight.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseCallbackContextCodeFix))]
[Shared]
public sealed class UseCallbackContextCodeFix : DurableCodeFix
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.UseCallbackContext";

    /// <inheritdoc/>
    private protected override string Key => EquivalenceKey;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.ParentContextInCallback];

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var contextType = model.Compilation.GetTypeByMetadataName(DurableMetadataNames.DurableContext);
        if (FixSyntax.NodeAt(root, diagnostic) is not IdentifierNameSyntax reference
            || Callback(model, reference, contextType, cancellationToken) is not { } callback)
        {
            return null;
        }

        var (lambda, parameter, parameterSymbol) = callback;
        var name = parameterSymbol.IsDiscard || parameter.Identifier.ValueText == "_"
            ? FixSyntax.FreshName(model, lambda.SpanStart, "childContext")
            : parameter.Identifier.ValueText;
        return new FixPlan($"Use the callback's context '{name}'", () => Rebind(root, model, reference, lambda, parameter, parameterSymbol, name, cancellationToken));
    }

    private static SyntaxNode Rebind(
        SyntaxNode root,
        SemanticModel model,
        IdentifierNameSyntax reference,
        AnonymousFunctionExpressionSyntax lambda,
        ParameterSyntax parameter,
        IParameterSymbol parameterSymbol,
        string name,
        CancellationToken cancellationToken)
    {
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>
        {
            [reference] = SyntaxFactory.IdentifierName(name).WithTriviaFrom(reference),
        };
        if (parameter.Identifier.ValueText != name)
        {
            // Renaming a parameter called _ renames its uses too.
            replacements[parameter] = parameter.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(parameter.Identifier));
            foreach (var use in lambda.Body.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use, cancellationToken).Symbol, parameterSymbol))
                {
                    replacements[use] = SyntaxFactory.IdentifierName(name).WithTriviaFrom(use);
                }
            }
        }

        return root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
    }

    /// <summary>The innermost enclosing lambda with a context parameter (the callback), that parameter's syntax and symbol.</summary>
    private static (AnonymousFunctionExpressionSyntax Lambda, ParameterSyntax Parameter, IParameterSymbol Symbol)? Callback(
        SemanticModel model, SyntaxNode reference, INamedTypeSymbol? contextType, CancellationToken cancellationToken)
    {
        foreach (var lambda in reference.Ancestors().OfType<AnonymousFunctionExpressionSyntax>())
        {
            if (model.GetSymbolInfo(lambda, cancellationToken).Symbol is not IMethodSymbol symbol)
            {
                continue;
            }

            var parameters = lambda switch
            {
                SimpleLambdaExpressionSyntax simple => [simple.Parameter],
                ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.Parameters.ToList(),
                _ => new List<ParameterSyntax>(),
            };
            for (var i = 0; i < symbol.Parameters.Length && i < parameters.Count; i++)
            {
                if (FixSyntax.IsDurableContext(symbol.Parameters[i].Type, contextType))
                {
                    return (lambda, parameters[i], symbol.Parameters[i]);
                }
            }
        }

        return null;
    }
}
