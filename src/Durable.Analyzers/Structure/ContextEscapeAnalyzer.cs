using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2011: a durable context stored in a field, property or array element (including object initializers and
/// field initializers). Locals and parameters are fine; they end with the call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContextEscapeAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.ContextEscapes];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                var assignment = (ISimpleAssignmentOperation)operation.Operation;
                if (!durable.Symbols.IsDurableContext(DurableTasks.Unwrap(assignment.Value).Type))
                {
                    return;
                }

                var target = assignment.Target switch
                {
                    IFieldReferenceOperation field => field.Field.Name,
                    IPropertyReferenceOperation property => property.Property.Name,
                    IArrayElementReferenceOperation element => element.ArrayReference.Syntax.ShortText() + "[...]",
                    _ => null,
                };
                if (target is not null)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContextEscapes, assignment.Syntax.GetLocation(), target));
                }
            },
            OperationKind.SimpleAssignment);

        context.RegisterOperationAction(
            operation =>
            {
                var initializer = (IFieldInitializerOperation)operation.Operation;
                if (durable.Symbols.IsDurableContext(DurableTasks.Unwrap(initializer.Value).Type) && initializer.InitializedFields.Length > 0)
                {
                    operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContextEscapes, initializer.Syntax.GetLocation(), initializer.InitializedFields[0].Name));
                }
            },
            OperationKind.FieldInitializer);
    }
}
