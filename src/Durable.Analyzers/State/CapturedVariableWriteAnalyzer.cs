using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR3001: a local or parameter declared outside checkpointed code and written inside it (<c>=</c>, compound,
/// <c>??=</c>, <c>++</c>/<c>--</c>, deconstruction, <c>out</c>/<c>ref</c> arguments). Checkpointed code is a step
/// body (however passed) or a child/branch/map callback. Each write is reported once, attributed to the innermost
/// checkpointed function only, so a step nested in a child context does not produce two diagnostics.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CapturedVariableWriteAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.CapturedVariableWrite];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                foreach (var target in WrittenVariables(operation.Operation))
                {
                    Analyze(operation, target, durable);
                }
            },
            OperationKind.SimpleAssignment,
            OperationKind.CompoundAssignment,
            OperationKind.CoalesceAssignment,
            OperationKind.Increment,
            OperationKind.Decrement,
            OperationKind.DeconstructionAssignment,
            OperationKind.Argument);
    }

    private static void Analyze(OperationAnalysisContext context, IOperation target, DurableAnalysisContext durable)
    {
        ISymbol? variable = target switch
        {
            ILocalReferenceOperation { IsDeclaration: false } local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (variable is null || !IsCapturedByEnclosingFunction(target, variable))
        {
            return;
        }

        var scope = durable.Scopes.Resolve(target, context.ContainingSymbol);
        var checkpointed = scope switch
        {
            { IsStep: true, Boundary: not null } => StepKind(scope.Function, durable),
            { IsWorkflow: true, Boundary: not null, Callback: not CallbackKind.None } => scope.Callback.Describe(),
            _ => null,
        };
        if (checkpointed is null || !variable.IsDeclaredOutside(scope.Boundary!.Syntax))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CapturedVariableWrite, target.Syntax.GetLocation(), variable.Name, checkpointed));
    }

    /// <summary>
    /// A cheap filter before the scope: the variable must come from outside the innermost lambda or local function
    /// around the write (a write in a plain method body, or to the function's own locals, is never lost).
    /// </summary>
    private static bool IsCapturedByEnclosingFunction(IOperation target, ISymbol variable)
    {
        for (var current = target.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return variable.IsDeclaredOutside(current.Syntax);
            }
        }

        return false;
    }

    private static string StepKind(IMethodSymbol? function, DurableAnalysisContext durable)
    {
        foreach (var parameter in function?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty)
        {
            if (DurableSymbols.Implements(parameter.Type, durable.Symbols.WaitForCallbackContext))
            {
                return "callback submitter";
            }

            if (DurableSymbols.Implements(parameter.Type, durable.Symbols.ConditionCheckContext))
            {
                return "condition check";
            }
        }

        return "step";
    }

    /// <summary>The variable references an operation writes to (several for a deconstruction).</summary>
    private static IEnumerable<IOperation> WrittenVariables(IOperation operation)
    {
        switch (operation)
        {
            case IDeconstructionAssignmentOperation deconstruction:
                foreach (var element in TupleElements(deconstruction.Target))
                {
                    yield return element;
                }

                break;
            case IAssignmentOperation assignment:
                yield return assignment.Target;
                break;
            case IIncrementOrDecrementOperation increment:
                yield return increment.Target;
                break;
            case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument:
                yield return DurableTasks.Unwrap(argument.Value);
                break;
        }
    }

    private static IEnumerable<IOperation> TupleElements(IOperation target)
    {
        target = DurableTasks.Unwrap(target);
        if (target is ITupleOperation tuple)
        {
            foreach (var element in tuple.Elements)
            {
                foreach (var nested in TupleElements(element))
                {
                    yield return nested;
                }
            }
        }
        else
        {
            yield return target;
        }
    }
}
