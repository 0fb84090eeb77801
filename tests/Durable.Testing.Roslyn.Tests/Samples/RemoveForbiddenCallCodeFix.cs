using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.Testing.Roslyn.Tests.Samples;

/// <summary>
/// Sample code fix for SMP0001 that removes the statement making the call. Like Durable fixes that remove a durable
/// operation, it offers no Fix All (GetFixAllProvider returns null).
/// </summary>
public sealed class RemoveForbiddenCallCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [ForbiddenCallAnalyzer.Id];

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
        foreach (var diagnostic in context.Diagnostics)
        {
            var statement = RenameForbiddenCodeFix.FindInvocation(root, diagnostic)?.Parent as ExpressionStatementSyntax;
            if (statement is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the forbidden call",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia)!)),
                    "RemoveForbiddenCall"),
                diagnostic);
        }
    }
}

/// <summary>Sample code fix whose action returns the document unchanged, which the harness must reject.</summary>
public sealed class NoOpCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [ForbiddenCallAnalyzer.Id];

    public override FixAllProvider? GetFixAllProvider() => null;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        context.RegisterCodeFix(CodeAction.Create("Do nothing", _ => Task.FromResult(context.Document), "Nothing"), context.Diagnostics);
        return Task.CompletedTask;
    }
}
