using System.Text;
using System.Text.Json;
using Durable.Client;
using Durable.Execution;
using Durable.Instrumentation;
using Durable.Logging;
using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Hosting;

/// <summary>Creates the handler of a durable function from its workflow.</summary>
public static class DurableFunction
{
    /// <summary>A durable function whose workflow takes <typeparamref name="TInput"/> and returns <typeparamref name="TOutput"/>.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="options">Serialization, logging and checkpoint options.</param>
    /// <param name="inputSerializer">How the input is read; the options' JSON metadata by default.</param>
    /// <param name="outputSerializer">How the result is written; the options' JSON metadata by default.</param>
    /// <typeparam name="TInput">The workflow input.</typeparam>
    /// <typeparam name="TOutput">The workflow result.</typeparam>
    public static DurableFunctionHandler Create<TInput, TOutput>(
        Func<TInput, IDurableContext, Task<TOutput>> workflow,
        DurableFunctionOptions? options = null,
        DurableSerializer<TInput>? inputSerializer = null,
        DurableSerializer<TOutput>? outputSerializer = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        options ??= DurableFunctionOptions.Default;
        options.Validate();
        var serializers = DurableJson.ResolverFor(options.SerializerOptions);
        var input = inputSerializer ?? serializers.Get<TInput>();
        var output = outputSerializer ?? serializers.Get<TOutput>();
        return new DurableFunctionHandler(
            options,
            serializers,
            async (payload, context) =>
            {
                var execution = new SerializationContext(context.Runtime.State.ExecutionOperation.Id, context.DurableExecutionArn);
                var result = await workflow(input.Deserialize(payload, execution), context).ConfigureAwait(false);
                return output.Serialize(result, execution);
            });
    }

    /// <summary>A durable function whose workflow takes <typeparamref name="TInput"/> and returns nothing.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="options">Serialization, logging and checkpoint options.</param>
    /// <param name="inputSerializer">How the input is read; the options' JSON metadata by default.</param>
    /// <typeparam name="TInput">The workflow input.</typeparam>
    public static DurableFunctionHandler Create<TInput>(
        Func<TInput, IDurableContext, Task> workflow,
        DurableFunctionOptions? options = null,
        DurableSerializer<TInput>? inputSerializer = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);

        // No result: the output envelope omits Result.
        return Create<TInput, NoResult>(
            async (input, context) =>
            {
                await workflow(input, context).ConfigureAwait(false);
                return default;
            },
            options,
            inputSerializer,
            NoResult.Serializer);
    }
}

/// <summary>
/// Runs one invocation of a durable function: reads the envelope and the rest of the state, runs the workflow
/// from the top (replaying recorded operations), and reports SUCCEEDED, FAILED or PENDING. Transient service
/// problems are thrown so that Lambda retries the invocation; everything else becomes the output.
/// </summary>
public sealed class DurableFunctionHandler
{
    private readonly SerializerResolver _serializers;
    private readonly Func<string?, DurableContext, Task<string?>> _run;
    private readonly ILogger _logger;

    internal DurableFunctionHandler(DurableFunctionOptions options, SerializerResolver serializers, Func<string?, DurableContext, Task<string?>> run)
    {
        Options = options;
        _serializers = serializers;
        _run = run;
        _logger = options.LoggerFactory.CreateLogger(options.LoggerCategory);
    }

    /// <summary>The options the function runs with.</summary>
    public DurableFunctionOptions Options { get; }

    /// <summary>Handles an invocation whose payload is the JSON envelope, returning the JSON output.</summary>
    /// <param name="envelope">The invocation payload (UTF-8 JSON).</param>
    /// <param name="client">The durable-execution service.</param>
    /// <param name="invocation">What the host knows about the invocation.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <exception cref="InvalidEnvelopeException">The payload is not a durable execution envelope.</exception>
    /// <exception cref="DurableServiceException">A transient service error: the invocation should be retried.</exception>
    public async Task<byte[]> InvokeAsync(ReadOnlyMemory<byte> envelope, IDurableExecutionClient client, DurableInvocationInfo? invocation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ScannedEnvelope scanned;
        try
        {
            scanned = EnvelopeScanner.Scan(envelope);
        }
        catch (JsonException ex)
        {
            throw new InvalidEnvelopeException($"The invocation payload is not a valid durable execution envelope: {ex.Message}", ex);
        }

        var (arn, token) = ValidateEnvelope(scanned.DurableExecutionArn, scanned.CheckpointToken, scanned.HasInitialState);
        var output = await RunAsync(arn, token, scanned.NextMarker, scanned.UpdatedOperationIds, morePages => new ExecutionState(arn, scanned, morePages), client, invocation, cancellationToken).ConfigureAwait(false);
        return ProtocolJson.SerializeToUtf8Bytes(output);
    }

    /// <summary>Handles an invocation.</summary>
    /// <param name="input">The invocation envelope.</param>
    /// <param name="client">The durable-execution service.</param>
    /// <param name="invocation">What the host knows about the invocation.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <exception cref="InvalidEnvelopeException">The envelope is missing required members.</exception>
    /// <exception cref="DurableServiceException">A transient service error: the invocation should be retried.</exception>
    public Task<DurableExecutionInvocationOutput> InvokeAsync(DurableExecutionInvocationInput input, IDurableExecutionClient client, DurableInvocationInfo? invocation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(client);
        var (arn, token) = ValidateEnvelope(input.DurableExecutionArn, input.CheckpointToken, input.InitialExecutionState is not null);
        var first = input.InitialExecutionState!.Operations ?? [];
        return RunAsync(
            arn,
            token,
            input.InitialExecutionState.NextMarker,
            input.UpdatedOperationIds,
            morePages => new ExecutionState(arn, morePages.Count == 0 ? first : [.. first, .. morePages]),
            client,
            invocation,
            cancellationToken);
    }

    private async Task<DurableExecutionInvocationOutput> RunAsync(
        string arn,
        string token,
        string? nextMarker,
        IReadOnlyCollection<string>? updatedOperationIds,
        Func<IReadOnlyCollection<Operation>, ExecutionState> createState,
        IDurableExecutionClient client,
        DurableInvocationInfo? invocation,
        CancellationToken cancellationToken)
    {
        invocation ??= DurableInvocationInfo.None;
        List<Operation> morePages;
        try
        {
            morePages = await ReadMorePagesAsync(arn, token, nextMarker, client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ServiceErrorClassifier.IsPermanent(ex))
        {
            return Failed(new ErrorObject { ErrorType = ((DurableServiceException)ex).ErrorCode, ErrorMessage = $"Reading the execution state failed: {ex.Message}" });
        }

        var state = createState(morePages);
        var limits = new CheckpointLimits(Options.MaxUpdatesPerCheckpoint, Options.MaxCheckpointBytes, Options.StatePageSize);
        var runtime = new InvocationRuntime(
            state,
            r => new CheckpointBatcher(client, state, token, limits, r.OnCheckpointFailure),
            _serializers,
            _logger,
            Options.ReplayAwareLogging,
            invocation.TimeProvider ?? TimeProvider.System);
        using var ownedRuntime = runtime;
        runtime.AttachHooks(PluginHooks.Create(Options.Plugins, state, _logger, invocation.RequestId, updatedOperationIds));
        var hooks = runtime.Hooks;
        hooks?.InvocationStarted();
        DurableExecutionInvocationOutput output;
        try
        {
            output = await RunInvocationAsync(runtime, state, arn, invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (hooks is not null)
        {
            hooks.InvocationEnded(null, ex);
            throw;
        }

        hooks?.InvocationEnded(output, null);
        return output;
    }

    private async Task<DurableExecutionInvocationOutput> RunInvocationAsync(InvocationRuntime runtime, ExecutionState state, string arn, DurableInvocationInfo invocation, CancellationToken cancellationToken)
    {
        var root = new DurableContext(runtime, contextId: null, contextName: null, parentId: null);

        using var scope = _logger.BeginScope(LogScope.ForInvocation(arn, invocation.RequestId));
        using var cancellation = cancellationToken.Register(() => runtime.Terminate(Termination.Retry(new OperationCanceledException(cancellationToken))));
        var workflow = RunWorkflowAsync(root, state.ExecutionOperation.ExecutionDetails?.InputPayload);
        var completed = await Task.WhenAny(workflow, runtime.Terminated).ConfigureAwait(false);
        if (completed == workflow && !runtime.Terminated.IsCompleted)
        {
            var outcome = await workflow.ConfigureAwait(false);
            var drained = await DrainAsync(runtime).ConfigureAwait(false);
            if (drained is not null)
            {
                return drained;
            }

            return outcome.Error is { } error
                ? Failed(error)
                : await SucceededAsync(outcome.Result, runtime, state).ConfigureAwait(false);
        }

        return await EndedEarlyAsync(runtime).ConfigureAwait(false);
    }

    private async Task<WorkflowOutcome> RunWorkflowAsync(DurableContext root, string? inputPayload)
    {
        root.EnterWorkflowCode();
        try
        {
            return new WorkflowOutcome(await _run(inputPayload, root).ConfigureAwait(false), null);
        }
        catch (Exception ex)
        {
            return new WorkflowOutcome(null, ErrorObjects.FromException(ex));
        }
    }

    private static async Task<DurableExecutionInvocationOutput> EndedEarlyAsync(InvocationRuntime runtime)
    {
        var termination = await runtime.Terminated.ConfigureAwait(false);
        switch (termination.Kind)
        {
            case TerminationKind.Suspended:
                return new DurableExecutionInvocationOutput { Status = InvocationStatus.Pending };
            case TerminationKind.Failed:
                // Send what was already queued (the failed step's FAIL, say) before reporting the failure.
                await DrainAsync(runtime).ConfigureAwait(false);
                return Failed(termination.Error!);
            default:
                throw termination.Exception!;
        }
    }

    /// <summary>Flushes queued checkpoints; returns the output to report if checkpointing failed.</summary>
    private static async Task<DurableExecutionInvocationOutput?> DrainAsync(InvocationRuntime runtime)
    {
        try
        {
            await runtime.Checkpoints.DrainAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception) when (runtime.Terminated.IsCompleted)
        {
            var termination = await runtime.Terminated.ConfigureAwait(false);
            if (termination.Kind == TerminationKind.Failed)
            {
                return Failed(termination.Error!);
            }

            throw termination.Exception!;
        }
    }

    private async Task<DurableExecutionInvocationOutput> SucceededAsync(string? result, InvocationRuntime runtime, ExecutionState state)
    {
        if (result is null || Encoding.UTF8.GetByteCount(result) <= Options.MaxInlineResultBytes)
        {
            return new DurableExecutionInvocationOutput { Status = InvocationStatus.Succeeded, Result = result };
        }

        // Too large for the Lambda response: close the execution through a checkpoint and return an empty result
        // (protocol §2.5).
        await runtime.Checkpoints.CheckpointAsync(
            new OperationUpdate
            {
                Id = state.ExecutionOperation.Id,
                Type = OperationType.Execution,
                Action = OperationAction.Succeed,
                Payload = result,
            },
            waitForAcknowledgement: true).ConfigureAwait(false);
        return await DrainAsync(runtime).ConfigureAwait(false)
            ?? new DurableExecutionInvocationOutput { Status = InvocationStatus.Succeeded, Result = string.Empty };
    }

    private static DurableExecutionInvocationOutput Failed(ErrorObject error) =>
        new() { Status = InvocationStatus.Failed, Error = error };

    private static (string Arn, string Token) ValidateEnvelope(string? arn, string? token, bool hasInitialState)
    {
        if (string.IsNullOrEmpty(arn))
        {
            throw new InvalidEnvelopeException(
                "The invocation payload has no DurableExecutionArn, so it is not a durable execution envelope. Is " +
                "durable execution enabled for this function (DurableConfig), and was it invoked by the service?");
        }

        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidEnvelopeException(
                $"The envelope of execution '{arn}' has no CheckpointToken; nothing can be checkpointed.");
        }

        if (!hasInitialState)
        {
            throw new InvalidEnvelopeException($"The envelope of execution '{arn}' has no InitialExecutionState.");
        }

        return (arn, token);
    }

    /// <summary>The operations beyond the envelope's first page, read with the invocation's token.</summary>
    private async Task<List<Operation>> ReadMorePagesAsync(string arn, string token, string? marker, IDurableExecutionClient client, CancellationToken cancellationToken)
    {
        var operations = new List<Operation>();
        var seenMarkers = new HashSet<string>(StringComparer.Ordinal);
        while (!string.IsNullOrEmpty(marker))
        {
            if (!seenMarkers.Add(marker))
            {
                throw new InvalidEnvelopeException($"GetDurableExecutionState returned marker '{marker}' twice; the state cannot be read to the end.");
            }

            var page = await client.GetDurableExecutionStateAsync(
                new GetDurableExecutionStateRequest
                {
                    DurableExecutionArn = arn,
                    CheckpointToken = token,
                    Marker = marker,
                    MaxItems = Options.StatePageSize,
                },
                cancellationToken).ConfigureAwait(false);
            operations.AddRange(page.Operations ?? []);
            marker = page.NextMarker;
        }

        return operations;
    }

    private readonly record struct WorkflowOutcome(string? Result, ErrorObject? Error);
}
