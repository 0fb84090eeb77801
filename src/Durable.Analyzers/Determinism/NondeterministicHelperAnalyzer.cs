using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR1009: a call from workflow code to a plain source helper (method, property getter, constructor, method group)
/// that reaches a nondeterministic API, directly or through other helpers. Reported once, at the call in workflow
/// code, with the call path; the helper itself is plain code and gets no diagnostic.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NondeterministicHelperAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.NondeterministicHelper];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation => Analyze(operation, durable),
            OperationKind.Invocation,
            OperationKind.PropertyReference,
            OperationKind.ObjectCreation,
            OperationKind.MethodReference);
    }

    private static void Analyze(OperationAnalysisContext context, DurableAnalysisContext durable)
    {
        var target = context.Operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IPropertyReferenceOperation property => property.Property.GetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };
        // Cheap checks first; the summary of a helper is computed only for calls from workflow code.
        if (!durable.Summaries.IsFollowedHelper(target)
            || !durable.Scopes.Resolve(context.Operation, context.ContainingSymbol).IsWorkflow
            || context.Operation.IsInNonExecutedContext())
        {
            return;
        }

        if (durable.Summaries.FindNondeterminism(target!, context.CancellationToken) is { } finding)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.NondeterministicHelper,
                context.Operation.Syntax.GetLocation(),
                finding.Path[0],
                finding.Effect,
                finding.PathText));
        }
    }
}
