using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// Decides whether a task-valued expression is a durable task: the result of a durable operation or generated
/// wrapper, of a call that receives a context (a workflow helper), or a local, array, collection or LINQ projection
/// built from those. Locals are followed to their single initializer; anything else is "not known to be durable".
/// </summary>
internal sealed class DurableTasks
{
    private const int MaxDepth = 4;

    private readonly DurableSymbols _symbols;
    private readonly DurableOperations _operations;

    public DurableTasks(DurableSymbols symbols, DurableOperations operations)
    {
        _symbols = symbols;
        _operations = operations;
    }

    public bool IsDurable(IOperation? value) => IsDurable(value, 0);

    /// <summary>True when the call is durable work: a durable operation, a wrapper, or a call handed a context.</summary>
    public bool IsDurableCall(IInvocationOperation invocation)
    {
        if (_operations.Classify(invocation.TargetMethod) != DurableOperationKind.None)
        {
            return true;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (_symbols.IsDurableContext(argument.Value.Type) || _symbols.IsDurableContext(Unwrap(argument.Value).Type))
            {
                return true;
            }
        }

        return invocation.Instance is { } instance && _symbols.IsDurableContext(instance.Type);
    }

    private bool IsDurable(IOperation? value, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return false;
        }

        value = Unwrap(value);
        switch (value)
        {
            case IInvocationOperation invocation:
                if (IsDurableCall(invocation))
                {
                    return true;
                }

                // t.ConfigureAwait(x), vt.AsTask(), items.Select(...).ToList(), Enumerable.ToArray(...)
                if (invocation.TargetMethod.Name is "ConfigureAwait" or "AsTask" or "ToList" or "ToArray" or "AsEnumerable")
                {
                    return IsDurable(invocation.Instance ?? FirstArgument(invocation), depth + 1);
                }

                if (invocation.TargetMethod.Name == "Select"
                    && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.Enumerable)
                    && invocation.Arguments.Length == 2)
                {
                    return ReturnsDurable(invocation.Arguments[1].Value, depth + 1);
                }

                return false;

            case ILocalReferenceOperation local:
                return IsDurable(SingleInitializer(local), depth + 1);

            case IArrayCreationOperation array:
                return array.Initializer is { } initializer && initializer.ElementValues.Any(e => IsDurable(e, depth + 1));

            case ICollectionExpressionOperation collection:
                return collection.Elements.Any(e => IsDurable(e, depth + 1));

            case IArgumentOperation argument:
                return IsDurable(argument.Value, depth + 1);

            default:
                return false;
        }
    }

    private bool ReturnsDurable(IOperation selector, int depth)
    {
        if (Unwrap(selector) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            foreach (var returned in lambda.Body.Descendants().OfType<IReturnOperation>())
            {
                if (IsDurable(returned.ReturnedValue, depth))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IOperation? FirstArgument(IInvocationOperation invocation) =>
        invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;

    /// <summary>The initializer of a local that is assigned nowhere else in its body; null otherwise.</summary>
    public static IOperation? SingleInitializer(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        var root = ScopeResolver.Root(reference);
        IOperation? initializer = null;
        foreach (var descendant in root.Descendants())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    initializer = declarator.Initializer?.Value;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    return null;
            }
        }

        return initializer;
    }

    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                default:
                    return operation;
            }
        }
    }
}
