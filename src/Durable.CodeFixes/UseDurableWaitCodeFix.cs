using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using Durable.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.CodeFixes;

/// <summary>
/// Replaces <c>Task.Delay(...)</c> and <c>Thread.Sleep(...)</c> in workflow code with a durable wait on the
/// function's own context: the duration is kept (milliseconds become <c>TimeSpan.FromSeconds</c> or
/// <c>FromMilliseconds</c>), the caller's cancellation token is passed on (never an invented one), and a
/// <c>Thread.Sleep</c> statement gets the <c>await</c> it needs. Not offered for constants below one second (a
/// durable wait is at least one second, the runtime rejects less), infinite delays, or delays that take a
/// TimeProvider. No Fix All: each replacement inserts a durable operation and shifts later operation IDs.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseDurableWaitCodeFix))]
[Shared]
public sealed class UseDurableWaitCodeFix : DurableCodeFix
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.UseDurableWait";

    /// <inheritdoc/>
    private protected override string Key => EquivalenceKey;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.InProcessDelay];

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        FixSyntax.NodeAt(root, diagnostic) is InvocationExpressionSyntax invocation && Plan(model, invocation, cancellationToken) is { } replacement
            ? new FixPlan("Use a durable wait (WaitAsync)", () => root.ReplaceNode(invocation, replacement))
            : null;

    private static ExpressionSyntax? Plan(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || FixSyntax.OwnContextParameter(model, invocation, cancellationToken) is not { } contextParameter)
        {
            return null;
        }

        var method = operation.TargetMethod;
        var owner = method.ContainingType?.ToDisplayString();
        var isDelay = owner == "System.Threading.Tasks.Task" && method.Name == "Delay";
        var isSleep = owner == "System.Threading.Thread" && method.Name == "Sleep";
        if (!isDelay && !isSleep)
        {
            return null;
        }

        string? duration = null;
        string? token = null;
        foreach (var argument in operation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var parameterType = argument.Parameter?.Type;
            if (parameterType?.ToDisplayString() == "System.Threading.CancellationToken")
            {
                token = argument.Value.Syntax.ToString();
            }
            else if (argument.Parameter?.Ordinal == 0)
            {
                duration = Duration(model, invocation.SpanStart, argument.Value, cancellationToken);
                if (duration is null)
                {
                    return null;
                }
            }
            else
            {
                // Task.Delay(TimeSpan, TimeProvider, ...): the clock is the runtime's business now; leave it to the user.
                return null;
            }
        }

        if (duration is null)
        {
            return null;
        }

        var wait = $"{contextParameter.Name}.WaitAsync({duration}{(token is null ? string.Empty : ", cancellationToken: " + token)})";
        if (isDelay)
        {
            return FixSyntax.InPlaceOf(invocation, SyntaxFactory.ParseExpression(wait));
        }

        // Thread.Sleep returns nothing: only a statement can become an awaited wait.
        return invocation.Parent is ExpressionStatementSyntax && FixSyntax.IsAsync(FixSyntax.EnclosingFunction(invocation))
            ? FixSyntax.InPlaceOf(invocation, SyntaxFactory.ParseExpression("await " + wait))
            : null;
    }

    /// <summary>The TimeSpan to wait, as source text; null when it is below a second or infinite.</summary>
    private static string? Duration(SemanticModel model, int position, IOperation value, CancellationToken cancellationToken)
    {
        var known = DurableAnalysisContext.For(model.Compilation)?.Durations.Evaluate(value, cancellationToken);
        if (known < TimeSpan.FromSeconds(1)
            || value is IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" }
            || value.ConstantValue is { HasValue: true, Value: -1 })
        {
            // WaitAsync refuses less than a second; an infinite delay has no durable equivalent.
            return null;
        }

        if (value.Type?.ToDisplayString() == "System.TimeSpan")
        {
            return value.Syntax.ToString();
        }

        var timeSpan = FixSyntax.TypeName(model, position, "System.TimeSpan");
        if (value.ConstantValue.HasValue && known is { } constant)
        {
            var milliseconds = (long)constant.TotalMilliseconds;
            return milliseconds % 1000 == 0
                ? $"{timeSpan}.FromSeconds({(milliseconds / 1000).ToString(CultureInfo.InvariantCulture)})"
                : $"{timeSpan}.FromMilliseconds({milliseconds.ToString(CultureInfo.InvariantCulture)})";
        }

        return $"{timeSpan}.FromMilliseconds({value.Syntax})";
    }
}
