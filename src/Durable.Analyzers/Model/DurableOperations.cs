using System.Collections.Concurrent;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// Classifies calls as durable operations by symbol: members of <c>IDurableContext</c> (or a type implementing it),
/// <c>ICallback&lt;T&gt;.GetResultAsync</c>, and the generated <c>Steps</c> wrappers of <c>[DurableWorkflow]</c>
/// classes (docs/authoring.md). A method named <c>StepAsync</c> on any other type is never a durable operation.
/// </summary>
internal sealed class DurableOperations
{
    private readonly DurableSymbols _symbols;
    private readonly ConcurrentDictionary<IMethodSymbol, DurableOperationKind> _kinds = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> _wrappedSteps = new(SymbolEqualityComparer.Default);

    public DurableOperations(DurableSymbols symbols)
    {
        _symbols = symbols;
    }

    /// <summary>The durable kind of a call's target (cached per method: every rule asks for every call).</summary>
    public DurableOperationKind Classify(IMethodSymbol? method) =>
        method is null ? DurableOperationKind.None : _kinds.GetOrAdd(method, ComputeKind);

    private DurableOperationKind ComputeKind(IMethodSymbol method)
    {
        var containing = method.ContainingType;
        if (_symbols.IsDurableContext(containing))
        {
            return method.Name switch
            {
                "StepAsync" => DurableOperationKind.Step,
                "WaitAsync" => DurableOperationKind.Wait,
                "RunInChildContextAsync" => DurableOperationKind.ChildContext,
                "CreateCallbackAsync" => DurableOperationKind.CreateCallback,
                "WaitForCallbackAsync" => DurableOperationKind.WaitForCallback,
                "WaitForConditionAsync" => DurableOperationKind.WaitForCondition,
                "InvokeAsync" => DurableOperationKind.Invoke,
                "ParallelAsync" => DurableOperationKind.Parallel,
                "MapAsync" => DurableOperationKind.Map,
                _ => DurableOperationKind.None,
            };
        }

        if (method.Name == "GetResultAsync" && DurableSymbols.Implements(containing, _symbols.Callback))
        {
            return DurableOperationKind.CallbackResult;
        }

        return FindWrappedStep(method) is not null ? DurableOperationKind.StepWrapper : DurableOperationKind.None;
    }

    public DurableOperationKind Classify(IOperation? operation) =>
        operation is IInvocationOperation invocation ? Classify(invocation.TargetMethod) : DurableOperationKind.None;

    /// <summary>
    /// For a generated wrapper method (<c>StepWrappers.ChargeAsync</c>), the <c>[DurableStep]</c> method it wraps:
    /// the step method of the workflow class whose name without an <c>Async</c> suffix, plus <c>Async</c>, is the
    /// wrapper's name.
    /// </summary>
    public IMethodSymbol? FindWrappedStep(IMethodSymbol wrapper) => _wrappedSteps.GetOrAdd(wrapper, ComputeWrappedStep);

    private IMethodSymbol? ComputeWrappedStep(IMethodSymbol wrapper)
    {
        var wrappers = wrapper.ContainingType;
        if (wrappers is null
            || wrappers.Name != DurableMetadataNames.StepWrappersTypeName
            || wrapper.Name == DurableMetadataNames.StepWrappersOnMethodName
            || wrapper.MethodKind != MethodKind.Ordinary
            || !_symbols.IsWorkflowClass(wrappers.ContainingType))
        {
            return null;
        }

        foreach (var member in wrappers.ContainingType.GetMembers())
        {
            if (member is IMethodSymbol candidate && _symbols.IsStepMethod(candidate) && WrapperName(candidate.Name) == wrapper.Name)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The wrapper name the generator gives a step method: <c>Charge</c> and <c>ChargeAsync</c> both become <c>ChargeAsync</c>.</summary>
    public static string WrapperName(string stepMethodName) =>
        (stepMethodName.EndsWith("Async", StringComparison.Ordinal) && stepMethodName.Length > 5
            ? stepMethodName.Substring(0, stepMethodName.Length - 5)
            : stepMethodName) + "Async";

    /// <summary>
    /// When <paramref name="function"/> (a lambda) is a callback argument of a durable operation, which kind: the
    /// function of <c>RunInChildContextAsync</c>, a branch of <c>ParallelAsync</c> (also inside arrays, collection
    /// expressions and <c>DurableBranch</c>), or the function of <c>MapAsync</c>.
    /// </summary>
    public CallbackKind CallbackKindOf(IOperation function)
    {
        var invocation = EnclosingCallOfArgument(function);
        return Classify(invocation?.TargetMethod) switch
        {
            DurableOperationKind.ChildContext => CallbackKind.ChildContext,
            DurableOperationKind.Parallel => CallbackKind.ParallelBranch,
            DurableOperationKind.Map => CallbackKind.MapItem,
            _ => CallbackKind.None,
        };
    }

    /// <summary>
    /// The call that <paramref name="value"/> (a lambda or method reference) is an argument of, looking through
    /// delegate creations, conversions, arrays, collection expressions and object creations (a <c>DurableBranch</c>);
    /// null when it is used any other way.
    /// </summary>
    public static IInvocationOperation? EnclosingCallOfArgument(IOperation value) =>
        EnclosingArgument(value)?.Parent as IInvocationOperation;

    /// <summary>The argument that <paramref name="value"/> is (part of), looking through the wrappers listed above.</summary>
    public static IArgumentOperation? EnclosingArgument(IOperation value)
    {
        for (var current = value.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IArgumentOperation argument when argument.Parent is IInvocationOperation:
                    return argument;
                case IArgumentOperation:
                case IDelegateCreationOperation:
                case IConversionOperation:
                case IArrayInitializerOperation:
                case IArrayCreationOperation:
                case IObjectCreationOperation:
                case IParenthesizedOperation:
                case ICollectionExpressionOperation:
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }
}
