using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeRefactorings;

namespace Durable.CodeFixes;

/// <summary>
/// The refactoring form of <see cref="ExtractToStepMethodCodeFix"/>: select consecutive statements of workflow code
/// and extract them to a new <c>[DurableStep]</c> method called through its generated wrapper, with the values they
/// read as parameters and the variable they declare (and the code after them reads) as the result.
/// </summary>
[ExportCodeRefactoringProvider(LanguageNames.CSharp, Name = nameof(ExtractToStepMethodRefactoring))]
[Shared]
public sealed class ExtractToStepMethodRefactoring : CodeRefactoringProvider
{
    /// <inheritdoc/>
    public override async Task ComputeRefactoringsAsync(CodeRefactoringContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || StepExtraction.ForSelection(model, root, context.Span, context.CancellationToken) is not { } extraction)
        {
            return;
        }

        context.RegisterRefactoring(CodeAction.Create(
            $"Extract to a [DurableStep] method '{extraction.MethodName}'",
            _ => Task.FromResult(context.Document.WithSyntaxRoot(extraction.Apply(root))),
            ExtractToStepMethodCodeFix.EquivalenceKey));
    }
}
