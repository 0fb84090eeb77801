using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.CodeFixes;

/// <summary>
/// Syntax and symbol questions the fixes share: which function a node runs in, whether it may <c>await</c>, which
/// durable context it should use, and how to put an expression in place of another without changing how it parses.
/// </summary>
internal static class FixSyntax
{
    /// <summary>The node a diagnostic points at (the innermost node with exactly that span).</summary>
    public static SyntaxNode? NodeAt(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        if (!root.FullSpan.Contains(span))
        {
            return null;
        }

        return root.FindNode(span, getInnermostNodeForTie: true);
    }

    /// <summary>The innermost lambda, anonymous method, local function, method, accessor or constructor containing <paramref name="node"/>.</summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
            {
                return current;
            }
        }

        return null;
    }

    public static bool IsAsync(SyntaxNode? function) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
        MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
        _ => false,
    };

    /// <summary>The symbol of a function node (lambda, local function, method).</summary>
    public static IMethodSymbol? FunctionSymbol(SemanticModel model, SyntaxNode function, CancellationToken cancellationToken) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol,
        _ => model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol,
    };

    /// <summary>
    /// The durable context parameter of the function that <paramref name="node"/> runs in directly (no lambda in
    /// between), which a fix may use for a new durable operation; null when that function has none or it cannot be
    /// named (a discard).
    /// </summary>
    public static IParameterSymbol? OwnContextParameter(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        var function = EnclosingFunction(node);
        if (function is null || FunctionSymbol(model, function, cancellationToken) is not { } symbol)
        {
            return null;
        }

        var contextType = model.Compilation.GetTypeByMetadataName(DurableMetadataNames.DurableContext);
        foreach (var parameter in symbol.Parameters)
        {
            if (IsDurableContext(parameter.Type, contextType))
            {
                return parameter.IsDiscard ? null : parameter;
            }
        }

        return null;
    }

    public static bool IsDurableContext(ITypeSymbol? type, INamedTypeSymbol? contextType) =>
        type is not null && contextType is not null
        && (SymbolEqualityComparer.Default.Equals(type, contextType) || type.AllInterfaces.Contains(contextType, SymbolEqualityComparer.Default));

    /// <summary>
    /// <paramref name="replacement"/> ready to stand where <paramref name="original"/> stood: parenthesized when it
    /// starts with <c>await</c> and the original is the target of a member access, call or element access (so
    /// <c>DateTime.Now.Ticks</c> becomes <c>(await ...).Ticks</c>), with the original's trivia.
    /// </summary>
    public static ExpressionSyntax InPlaceOf(ExpressionSyntax original, ExpressionSyntax replacement)
    {
        var needsParentheses = replacement is AwaitExpressionSyntax && original.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == original,
            ConditionalAccessExpressionSyntax conditional => conditional.Expression == original,
            ElementAccessExpressionSyntax element => element.Expression == original,
            InvocationExpressionSyntax invocation => invocation.Expression == original,
            PostfixUnaryExpressionSyntax => true,
            _ => false,
        };
        var result = needsParentheses ? SyntaxFactory.ParenthesizedExpression(replacement.WithoutTrivia()) : replacement.WithoutTrivia();
        return result.WithTriviaFrom(original);
    }

    /// <summary>A name for a new lambda parameter that hides nothing at <paramref name="position"/>: <c>_</c>, else <c>__</c>, ...</summary>
    public static string FreshDiscardName(SemanticModel model, int position)
    {
        var name = "_";
        while (model.LookupSymbols(position, name: name).Length > 0)
        {
            name += "_";
        }

        return name;
    }

    /// <summary>A name not bound at <paramref name="position"/>, starting from <paramref name="preferred"/> and adding 2, 3, ...</summary>
    public static string FreshName(SemanticModel model, int position, string preferred)
    {
        var name = preferred;
        for (var i = 2; model.LookupSymbols(position, name: name).Length > 0; i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>How to write a type at <paramref name="position"/>: its shortest form if that binds there, else fully qualified.</summary>
    public static string TypeName(SemanticModel model, int position, ITypeSymbol type) => type.ToMinimalDisplayString(model, position);

    /// <summary>How to write <c>System.TimeSpan</c> / <c>System.Threading.Tasks.Task</c> at a position: short when imported.</summary>
    public static string TypeName(SemanticModel model, int position, string metadataName) =>
        model.Compilation.GetTypeByMetadataName(metadataName) is { } type ? type.ToMinimalDisplayString(model, position) : metadataName;

    /// <summary>True when the expression contains <c>await</c>, or <c>ref</c>/<c>out</c> arguments, which cannot move into a lambda.</summary>
    public static bool CannotMoveIntoLambda(SyntaxNode expression) =>
        expression.DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax
            || n is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None)
            || n is StackAllocArrayCreationExpressionSyntax);
}
