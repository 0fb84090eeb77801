using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// Finds durable work inside a piece of code: durable operations and wrappers, calls handed a context, uses of
/// <c>DurableContextScope</c>, and calls or method groups of plain helpers that reach one of those. Used by the rules
/// that ask "does this delegate/loop/callback start durable operations?" (DUR1011, DUR2003/2004, DUR2009, DUR2012).
/// </summary>
internal static class DurableWork
{
    /// <summary>
    /// The first operation in <paramref name="root"/> (itself included) that does durable work, or null. With
    /// <paramref name="unknownCallsCount"/>, a call of an unknown delegate counts too (it may do durable work).
    /// </summary>
    public static IOperation? Find(IOperation root, DurableAnalysisContext durable, bool unknownCallsCount, CancellationToken cancellationToken)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (Is(operation, durable, unknownCallsCount, cancellationToken))
            {
                return operation;
            }
        }

        return null;
    }

    public static bool Is(IOperation operation, DurableAnalysisContext durable, bool unknownCallsCount, CancellationToken cancellationToken) => operation switch
    {
        IInvocationOperation invocation => durable.Tasks.IsDurableCall(invocation)
            || (unknownCallsCount && invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke)
            || durable.Summaries.FindDurableWork(invocation.TargetMethod, cancellationToken) is not null,
        IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, durable.Symbols.ContextScope)
            || (property.Property.GetMethod is { } getter && durable.Summaries.FindDurableWork(getter, cancellationToken) is not null),
        IMethodReferenceOperation reference => durable.Scopes.ClassifyFunction(reference.Method) == CodeKind.Workflow
            || durable.Summaries.FindDurableWork(reference.Method, cancellationToken) is not null,
        _ => false,
    };
}
