using Durable.Client;

namespace Durable.Local.Functions;

/// <summary>
/// Runs another invoker's function with a different service client: its checkpoints and state reads go to
/// <paramref name="client"/> (for example a <c>LambdaDurableClient</c> pointed at the engine's HTTP front) instead of
/// straight into the engine. Used to prove that the runtime and the engine agree over the wire.
/// </summary>
/// <param name="inner">The function's invoker.</param>
/// <param name="client">The client the function talks to.</param>
public sealed class ClientOverrideInvoker(ILocalFunctionInvoker inner, IDurableExecutionClient client) : ILocalFunctionInvoker
{
    /// <inheritdoc />
    public bool IsDurable => inner.IsDurable;

    /// <inheritdoc />
    public Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return inner.InvokeAsync(
            new LocalInvocationRequest
            {
                FunctionName = request.FunctionName,
                Envelope = request.Envelope,
                Payload = request.Payload,
                RequestId = request.RequestId,
                Deadline = request.Deadline,
                Client = client,
                Clock = request.Clock,
            },
            cancellationToken);
    }
}
