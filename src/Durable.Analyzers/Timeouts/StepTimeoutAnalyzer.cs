using System.Collections.Immutable;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR5001: a step that cannot finish within one invocation. Reported at the constant delay that brings a step
/// body's straight-line delays to the function timeout, at a <c>StepConfig.Timeout</c> or at a
/// <c>[DurableStep(TimeoutSeconds)]</c> that reaches it (such a timeout never fires: Lambda kills the invocation
/// first, on every retry).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StepTimeoutAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.StepOutlivesFunctionTimeout];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        var settings = new TimeoutSettings(context.Options.AnalyzerConfigOptionsProvider, durable.Symbols);
        var durations = durable.Steps;

        context.RegisterOperationAction(
            operation =>
            {
                var (function, body) = operation.FunctionAndBody();
                if (function is null || body is null || durable.Scopes.ClassifyFunction(function) != CodeKind.Step)
                {
                    return;
                }

                var limit = settings.For(operation.Operation.Syntax.SyntaxTree, operation.ContainingSymbol).Function;
                foreach (var delay in durations.Delays(body, operation.CancellationToken))
                {
                    if (delay.Total >= limit)
                    {
                        var what = delay.Total == delay.Duration
                            ? $"This step waits {DurationText.Format(delay.Duration)} in process"
                            : $"This step waits {DurationText.Format(delay.Total)} in process in constant delays";
                        operation.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.StepOutlivesFunctionTimeout, delay.Call.Syntax.GetLocation(), what, DurationText.Format(limit)));
                        break;
                    }
                }
            },
            OperationExtensions.FunctionKinds);

        context.RegisterOperationAction(
            operation =>
            {
                var assignment = (ISimpleAssignmentOperation)operation.Operation;
                if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Timeout" } property
                    || !DurableSymbols.DerivesFrom(property.Property.ContainingType, durable.Symbols.StepConfig)
                    || durable.Durations.Evaluate(assignment.Value, operation.CancellationToken) is not { } timeout)
                {
                    return;
                }

                var limit = settings.For(assignment.Syntax.SyntaxTree, operation.ContainingSymbol).Function;
                if (timeout >= limit)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.StepOutlivesFunctionTimeout,
                        assignment.Value.Syntax.GetLocation(),
                        $"A step timeout of {DurationText.Format(timeout)} lets the step run that long",
                        DurationText.Format(limit)));
                }
            },
            OperationKind.SimpleAssignment);

        context.RegisterSymbolAction(
            symbolContext =>
            {
                var method = (IMethodSymbol)symbolContext.Symbol;
                if (durations.StepMethodTimeout(method) is not { } seconds)
                {
                    return;
                }

                var tree = method.IdentifierLocation().SourceTree;
                var limit = tree is null ? TimeSpan.FromSeconds(TimeoutSettings.MaxFunctionTimeoutSeconds) : settings.For(tree, method).Function;
                var timeout = TimeSpan.FromSeconds(seconds);
                if (timeout >= limit)
                {
                    symbolContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.StepOutlivesFunctionTimeout,
                        TimeoutArgumentLocation(durable.Symbols.StepAttributeOf(method), symbolContext.CancellationToken) ?? method.IdentifierLocation(),
                        $"Step '{method.Name}' has a timeout of {DurationText.Format(timeout)} and can run that long",
                        DurationText.Format(limit)));
                }
            },
            SymbolKind.Method);
    }

    private static Location? TimeoutArgumentLocation(AttributeData? attribute, CancellationToken cancellationToken)
    {
        if (attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } arguments })
        {
            return null;
        }

        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == DurableMetadataNames.StepTimeoutSecondsArgument)
            {
                return argument.GetLocation();
            }
        }

        return null;
    }
}
