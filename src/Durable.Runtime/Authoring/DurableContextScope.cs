using Durable.Execution;

namespace Durable;

/// <summary>
/// The durable context whose workflow code is running in the current asynchronous flow: the root context in the run
/// method, a child's own context inside <see cref="IDurableContext.RunInChildContextAsync{T}(Func{IDurableContext, Task{T}}, string?, ChildContextConfig?, CancellationToken)"/>,
/// a branch's or an item's inside parallel and map. Generated step wrappers use it, so that a step called inside a
/// child context is checkpointed in that child.
/// </summary>
public static class DurableContextScope
{
    /// <summary>The current workflow context.</summary>
    /// <exception cref="InvalidOperationException">
    /// No workflow code is running in this flow, or the caller is inside a step body (where durable operations are
    /// not allowed: a step's result is checkpointed as a whole).
    /// </exception>
    public static IDurableContext Current => DurableContext.Ambient switch
    {
        DurableContext context => context,
        AmbientMarker.InStep => throw new InvalidOperationException(
            "A durable operation was called inside a step body. Steps run plain code and checkpoint only their result; call the step from workflow code, or use RunInChildContextAsync to group durable operations."),
        _ => throw new InvalidOperationException(
            "No durable workflow is running in this asynchronous flow. Generated step wrappers work only inside a workflow's run method and the child, branch and map callbacks it starts."),
    };

    /// <summary>The current workflow context, if workflow code (and not a step body) is running in this flow.</summary>
    /// <param name="context">The context, or null.</param>
    /// <returns>Whether there is one.</returns>
    public static bool TryGetCurrent(out IDurableContext? context)
    {
        context = DurableContext.Ambient as DurableContext;
        return context is not null;
    }
}
