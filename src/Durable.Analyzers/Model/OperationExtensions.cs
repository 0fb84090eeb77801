using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Analyzers;

/// <summary>Small questions about operations and their syntax that several rules ask.</summary>
internal static class OperationExtensions
{
    /// <summary>The operation kinds that start a function body: register with these to see every function once.</summary>
    public static readonly ImmutableArray<OperationKind> FunctionKinds =
        [OperationKind.MethodBody, OperationKind.LocalFunction, OperationKind.AnonymousFunction];

    /// <summary>
    /// For an action registered with <see cref="FunctionKinds"/>: the function (method, local function or lambda) and
    /// its body, or nulls for anything else (a local function without a body, an expression-bodied member seen twice).
    /// </summary>
    public static (IMethodSymbol? Function, IOperation? Body) FunctionAndBody(this OperationAnalysisContext context) =>
        context.Operation switch
        {
            IMethodBodyOperation method => (context.ContainingSymbol as IMethodSymbol, method),
            ILocalFunctionOperation local => (local.Symbol, local.Body ?? (IOperation?)local.IgnoredBody),
            IAnonymousFunctionOperation lambda => (lambda.Symbol, lambda.Body),
            _ => (null, null),
        };

    /// <summary>True inside <c>nameof(...)</c>, <c>typeof</c> or an expression tree, where nothing runs.</summary>
    public static bool IsInNonExecutedContext(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation or ITypeOfOperation)
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation { Parent: IDelegateCreationOperation { Type: { } type } }
                && type.Name == "Expression" && type.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where to report a call: its member name onwards for <c>a.b.M(...)</c> is too long; the whole invocation otherwise.</summary>
    public static Location InvocationNameLocation(this IInvocationOperation invocation)
    {
        var syntax = invocation.Syntax;
        if (syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call)
        {
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(member.Name.SpanStart, call.ArgumentList.SpanStart));
        }

        if (syntax is InvocationExpressionSyntax { Expression: { } expression } invocationSyntax)
        {
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(expression.SpanStart, invocationSyntax.ArgumentList.SpanStart));
        }

        return syntax.GetLocation();
    }

    /// <summary>The header of a lambda (<c>async child =></c>), where a diagnostic about the whole lambda goes.</summary>
    public static Location LambdaHeaderLocation(this SyntaxNode lambda) => lambda switch
    {
        LambdaExpressionSyntax expression => Location.Create(lambda.SyntaxTree, TextSpan.FromBounds(expression.SpanStart, expression.ArrowToken.Span.End)),
        AnonymousMethodExpressionSyntax anonymous => Location.Create(lambda.SyntaxTree, TextSpan.FromBounds(anonymous.SpanStart, anonymous.DelegateKeyword.Span.End)),
        LocalFunctionStatementSyntax local => local.Identifier.GetLocation(),
        _ => lambda.GetLocation(),
    };

    /// <summary>The identifier of a declared member, for diagnostics about a declaration.</summary>
    public static Location IdentifierLocation(this ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource)
            {
                return location;
            }
        }

        return Location.None;
    }

    /// <summary>True when <paramref name="symbol"/> is declared (its syntax starts) outside <paramref name="boundary"/>.</summary>
    public static bool IsDeclaredOutside(this ISymbol symbol, SyntaxNode boundary)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == boundary.SyntaxTree && boundary.Span.Contains(reference.Span))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short rendering of an expression for messages (first line, at most 60 characters).</summary>
    public static string ShortText(this SyntaxNode node)
    {
        var text = node.ToString();
        var newline = text.IndexOf('\n');
        if (newline >= 0)
        {
            text = text.Substring(0, newline).TrimEnd() + " ...";
        }

        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }

    /// <summary>True when the syntax kind is <c>async</c> (for lambdas and methods).</summary>
    public static bool HasAsyncModifier(this SyntaxNode node) => node switch
    {
        LambdaExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        AnonymousMethodExpressionSyntax anonymous => anonymous.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
        _ => false,
    };
}
