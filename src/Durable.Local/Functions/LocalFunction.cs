using Durable.Client;
using Durable.Execution;
using Durable.Hosting;
using Durable.Protocol;

namespace Durable.Local.Functions;

/// <summary>Configuration of a function registered with the local engine (its Lambda and <c>DurableConfig</c> settings).</summary>
public sealed record LocalFunctionOptions
{
    /// <summary>Lambda's function timeout: an invocation running longer is stopped and recorded as <c>Sandbox.Timedout</c>. 900 s by default.</summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>
    /// <c>DurableConfig.ExecutionTimeout</c>: the whole execution's limit, 1 s to 366 days. The maximum by default, so
    /// local runs impose no limit the function did not configure.
    /// </summary>
    public TimeSpan ExecutionTimeout { get; init; } = TimeSpan.FromSeconds(31_622_400);

    /// <summary><c>DurableConfig.RetentionPeriodInDays</c>: how long a closed execution stays readable, 1 to 90 days. 14 by default.</summary>
    public int RetentionPeriodInDays { get; init; } = 14;

    /// <summary>The version executions record; <c>$LATEST</c> by default.</summary>
    public string Version { get; init; } = "$LATEST";

    internal void Validate()
    {
        if (FunctionTimeout <= TimeSpan.Zero || FunctionTimeout > TimeSpan.FromSeconds(900))
        {
            throw new ArgumentOutOfRangeException(nameof(FunctionTimeout), FunctionTimeout, "Lambda function timeouts range from 1 ms to 900 seconds.");
        }

        if (ExecutionTimeout < TimeSpan.FromSeconds(1) || ExecutionTimeout > TimeSpan.FromSeconds(31_622_400))
        {
            throw new ArgumentOutOfRangeException(nameof(ExecutionTimeout), ExecutionTimeout, "Execution timeouts range from 1 second to 31,622,400 seconds (366 days).");
        }

        if (RetentionPeriodInDays is < 1 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(RetentionPeriodInDays), RetentionPeriodInDays, "Retention ranges from 1 to 90 days.");
        }
    }
}

/// <summary>One invocation the engine asks a function to handle.</summary>
public sealed class LocalInvocationRequest
{
    /// <summary>The function being invoked.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The durable envelope, for durable functions; null for a plain invocation.</summary>
    public DurableExecutionInvocationInput? Envelope { get; init; }

    /// <summary>The raw payload, for plain (non-durable) invocations.</summary>
    public string? Payload { get; init; }

    /// <summary>The Lambda request ID.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the function timeout elapses.</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>The service the function checkpoints to.</summary>
    public required IDurableExecutionClient Client { get; init; }

    /// <summary>The engine's clock (virtual or real), for timers the function arms while it runs.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>How an invocation ended, seen from outside the function (as Lambda sees it).</summary>
public sealed class LocalInvocationResult
{
    private LocalInvocationResult(DurableExecutionInvocationOutput? output, string? payload, ErrorObject? error)
    {
        Output = output;
        Payload = payload;
        Error = error;
    }

    /// <summary>The durable output, when a durable function returned one.</summary>
    public DurableExecutionInvocationOutput? Output { get; }

    /// <summary>The response payload of a plain function.</summary>
    public string? Payload { get; }

    /// <summary>The invocation error (unhandled exception, crash, timeout), when the function did not return.</summary>
    public ErrorObject? Error { get; }

    /// <summary>What the function wrote to standard output and error during the invocation (out-of-process runs).</summary>
    public IReadOnlyList<string> LogLines { get; private init; } = [];

    /// <summary>The same result with the invocation's captured output.</summary>
    /// <param name="lines">The lines, in the order they were written.</param>
    /// <returns>A copy carrying the lines.</returns>
    public LocalInvocationResult WithLogLines(IReadOnlyList<string> lines) =>
        new(Output, Payload, Error) { LogLines = lines };

    /// <summary>A durable function returned <paramref name="output"/>.</summary>
    /// <param name="output">The output envelope.</param>
    public static LocalInvocationResult Returned(DurableExecutionInvocationOutput output) => new(output, null, null);

    /// <summary>A plain function returned <paramref name="payload"/>.</summary>
    /// <param name="payload">The response payload.</param>
    public static LocalInvocationResult ReturnedPayload(string? payload) => new(null, payload, null);

    /// <summary>The invocation failed as Lambda reports it (for example <c>Runtime.ExitError</c>).</summary>
    /// <param name="error">The error.</param>
    public static LocalInvocationResult Failed(ErrorObject error) => new(null, null, error);
}

/// <summary>Runs invocations of one function: in process, or (in the hosting layer) in a child process.</summary>
public interface ILocalFunctionInvoker
{
    /// <summary>True when the function is durable (receives envelopes); false for a plain function.</summary>
    bool IsDurable { get; }

    /// <summary>Runs one invocation. Cancellation means the engine stopped waiting (timeout or shutdown).</summary>
    /// <param name="request">The invocation.</param>
    /// <param name="cancellationToken">Signalled when the engine gives up on the invocation.</param>
    Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken);
}

/// <summary>A durable function handled in this process.</summary>
/// <param name="handler">The function's handler.</param>
public sealed class InProcessDurableFunction(DurableFunctionHandler handler) : ILocalFunctionInvoker
{
    /// <inheritdoc />
    public bool IsDurable => true;

    /// <inheritdoc />
    public async Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var output = await handler.InvokeAsync(
                request.Envelope!,
                request.Client,
                new DurableInvocationInfo { RequestId = request.RequestId, Deadline = request.Deadline, TimeProvider = request.Clock },
                cancellationToken).ConfigureAwait(false);
            return LocalInvocationResult.Returned(output);
        }
        catch (Exception ex)
        {
            // What Lambda reports for an unhandled exception: the exception's type and message.
            return LocalInvocationResult.Failed(ErrorObjects.FromException(ex));
        }
    }
}

/// <summary>A plain (non-durable) function handled in this process, for chained invokes.</summary>
/// <param name="function">Receives the payload and returns the response payload.</param>
public sealed class InProcessFunction(Func<string?, CancellationToken, Task<string?>> function) : ILocalFunctionInvoker
{
    /// <inheritdoc />
    public bool IsDurable => false;

    /// <inheritdoc />
    public async Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return LocalInvocationResult.ReturnedPayload(await function(request.Payload, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return LocalInvocationResult.Failed(ErrorObjects.FromException(ex));
        }
    }
}

/// <summary>A registered function: its name, ARN, invoker and options.</summary>
internal sealed record RegisteredFunction(string Name, string FunctionArn, ILocalFunctionInvoker Invoker, LocalFunctionOptions Options);
