using System.Collections.Immutable;
using System.Composition;
using System.Text;
using Durable.Analyzers;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.CodeFixes;

/// <summary>
/// Extracts the statement that contains a nondeterministic call into a new <c>[DurableStep]</c> method of the
/// workflow class and calls it through the generated wrapper: the values the statement reads become parameters,
/// the variable it declares becomes the result. <c>var page = await http.GetStringAsync(url);</c> becomes
/// <c>var page = await Steps.GetStringAsync(url);</c> plus a step method <c>GetString(string url)</c>. Offered in
/// async workflow code of a <c>[DurableWorkflow]</c> class when the statement has a single exit, writes no
/// variable of the enclosing code, declares at most one variable, and reads only JSON-friendly values (services
/// reached through the instance stay on the instance). No Fix All: it inserts a durable operation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExtractToStepMethodCodeFix))]
[Shared]
public sealed class ExtractToStepMethodCodeFix : DurableCodeFix
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.ExtractToStepMethod";

    /// <inheritdoc/>
    private protected override string Key => EquivalenceKey;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
    [
        DiagnosticIds.ClockRead,
        DiagnosticIds.Randomness,
        DiagnosticIds.IdentifierGeneration,
        DiagnosticIds.NetworkIO,
        DiagnosticIds.LocalIO,
        DiagnosticIds.EnvironmentRead,
        DiagnosticIds.InvocationValue,
        DiagnosticIds.RandomizedHashCode,
    ];

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        FixSyntax.NodeAt(root, diagnostic) is { } node && StepExtraction.ForNode(model, node, cancellationToken) is { } extraction
            ? new FixPlan($"Extract to a [DurableStep] method '{extraction.MethodName}'", () => extraction.Apply(root))
            : null;
}
