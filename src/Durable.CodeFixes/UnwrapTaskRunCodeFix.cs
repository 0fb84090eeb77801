using System.Collections.Immutable;
using System.Composition;
using Durable.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.CodeFixes;

/// <summary>
/// DUR2003: <c>Task.Run(() => context.X(...))</c> and <c>Task.Run(async () => await context.X(...))</c> become
/// <c>context.X(...)</c>: the operation starts on the workflow's own flow, and the resulting task has the same type.
/// Only that exact shape is rewritten (a lambda with a body, a cancellation token or StartNew are left to the user).
/// No Fix All: the operation now starts synchronously where it used to start whenever the pool ran it, which can
/// change the order, and so the positional IDs, of operations in flight.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnwrapTaskRunCodeFix))]
[Shared]
public sealed class UnwrapTaskRunCodeFix : DurableCodeFix
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.UnwrapTaskRun";

    /// <inheritdoc/>
    private protected override string Key => EquivalenceKey;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.OperationOnForeignThread];

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var operation = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        if (operation is null || TaskRunAround(model, operation, cancellationToken) is not { } taskRun)
        {
            return null;
        }

        var replacement = operation.WithTriviaFrom(taskRun);
        return new FixPlan("Call the durable operation directly (without Task.Run)", () => root.ReplaceNode(taskRun, replacement));
    }

    /// <summary>The <c>Task.Run(lambda)</c> whose parameterless lambda is exactly <paramref name="operation"/> (awaited or not).</summary>
    private static InvocationExpressionSyntax? TaskRunAround(SemanticModel model, InvocationExpressionSyntax operation, CancellationToken cancellationToken)
    {
        SyntaxNode body = operation;
        if (body.Parent is AwaitExpressionSyntax awaited)
        {
            body = awaited;
        }

        if (body.Parent is not ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 0 } lambda
            || lambda.ExpressionBody != body
            || (body is AwaitExpressionSyntax) != lambda.AsyncKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AsyncKeyword)
            || lambda.Parent is not ArgumentSyntax argument
            || argument.Parent is not ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax taskRun })
        {
            return null;
        }

        return model.GetOperation(taskRun, cancellationToken) is IInvocationOperation { TargetMethod: { Name: "Run", ContainingType: { } type } }
            && type.ToDisplayString() == "System.Threading.Tasks.Task"
                ? taskRun
                : null;
    }
}
