using System.Security.Cryptography;
using Durable.Client;
using Durable.Hosting;
using Durable.Local.Engine;
using Durable.Local.Functions;
using Durable.Local.Scheduling;
using Durable.Protocol;

namespace Durable.Local;

/// <summary>
/// An in-process implementation of the Lambda durable-execution service: functions, executions, the checkpoint
/// state machine with the service's validation, delta responses and tokens, timers on a virtual or real clock,
/// and history recorded event by event as the service records it. Workflows running against it checkpoint through
/// <see cref="IDurableExecutionClient"/>, which the engine implements.
/// </summary>
/// <remarks>
/// All state lives behind one lock; invocations run outside it. With <see cref="EngineClock.Virtual"/> nothing
/// happens until <see cref="RunUntilIdleAsync"/> (or <see cref="WaitForExecutionAsync"/>) drives the clock.
/// </remarks>
public sealed partial class LocalDurableEngine : IDurableExecutionClient, IDisposable
{
    private readonly object _gate = new();
    private readonly EngineScheduler _scheduler;
    private readonly Random _random;
    private readonly Dictionary<string, RegisteredFunction> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExecutionRecord> _executions = new(StringComparer.Ordinal);
    private readonly List<ExecutionRecord> _executionsInStartOrder = [];
    private readonly CancellationTokenSource _disposed = new();

    /// <summary>Creates an engine.</summary>
    /// <param name="options">Clock, identity and paging options.</param>
    public LocalDurableEngine(LocalEngineOptions? options = null)
    {
        Options = options ?? new LocalEngineOptions();
        Options.Validate();
        _random = Options.RandomSeed is { } seed ? new Random(seed) : new Random(RandomNumberGenerator.GetInt32(int.MaxValue));
        _scheduler = Options.Clock == EngineClock.Virtual
            ? new VirtualScheduler(Options.VirtualStartTime ?? TruncateToMilliseconds(Options.TimeProvider.GetUtcNow()))
            : new RealTimeScheduler(Options.TimeProvider);
        _clock = new EngineTimeProvider(_scheduler);
        _store = Options.Store;
        _enlist = _store is null ? null : _unsaved.Add;
    }

    private readonly EngineTimeProvider _clock;

    /// <summary>The engine's options.</summary>
    public LocalEngineOptions Options { get; }

    /// <summary>The engine's current time (virtual or real).</summary>
    public DateTimeOffset UtcNow => _scheduler.UtcNow;

    /// <summary>Raised (outside the engine lock) after every invocation, with what it saw and what it did.</summary>
    public event EventHandler<InvocationCompletedEventArgs>? InvocationCompleted;

    /// <summary>Registers a durable function handled in this process.</summary>
    /// <param name="name">The function name (1–64 characters of letters, digits, '-' and '_').</param>
    /// <param name="handler">The durable function.</param>
    /// <param name="options">Timeouts, retention and version.</param>
    /// <returns>The function ARN.</returns>
    public string RegisterDurableFunction(string name, DurableFunctionHandler handler, LocalFunctionOptions? options = null) =>
        RegisterFunction(name, new InProcessDurableFunction(handler), options);

    /// <summary>Registers a plain function handled in this process (a target of chained invokes).</summary>
    /// <param name="name">The function name.</param>
    /// <param name="function">Receives the payload and returns the response payload.</param>
    /// <param name="options">Timeouts and version.</param>
    /// <returns>The function ARN.</returns>
    public string RegisterFunction(string name, Func<string?, CancellationToken, Task<string?>> function, LocalFunctionOptions? options = null) =>
        RegisterFunction(name, new InProcessFunction(function), options);

    /// <summary>Registers a function with any invoker (in process or a child process).</summary>
    /// <param name="name">The function name.</param>
    /// <param name="invoker">Runs the function's invocations.</param>
    /// <param name="options">Timeouts, retention and version.</param>
    /// <returns>The function ARN.</returns>
    public string RegisterFunction(string name, ILocalFunctionInvoker invoker, LocalFunctionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        if (!ProtocolValidation.IsFunctionName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid function name (1–64 letters, digits, '-' or '_').", nameof(name));
        }

        options ??= new LocalFunctionOptions();
        options.Validate();
        var arn = $"arn:aws:lambda:{Options.Region}:{Options.AccountId}:function:{name}";
        lock (_gate)
        {
            if (_functions.ContainsKey(name))
            {
                throw new InvalidOperationException($"A function named '{name}' is already registered.");
            }

            _functions[name] = new RegisteredFunction(name, arn, invoker, options);
        }

        return arn;
    }

    /// <summary>
    /// Starts a durable execution, as <c>Invoke</c> with a durable execution name does: records the input, then
    /// invokes the function (on the virtual clock, once the engine is driven).
    /// </summary>
    /// <param name="functionName">The function's name, ARN or qualified name (<c>name:$LATEST</c>).</param>
    /// <param name="payload">The input payload, passed verbatim to the workflow (JSON text in practice).</param>
    /// <param name="executionName">The execution name (1–64 letters, digits, '-' or '_'); generated when null.</param>
    /// <returns>The execution ARN.</returns>
    /// <exception cref="DurableServiceException">Unknown function, invalid name or payload, or the name is taken.</exception>
    public string StartExecution(string functionName, string? payload, string? executionName = null) =>
        StartExecution(functionName, payload, executionName, invokedBy: null);

    /// <summary>
    /// Drives the virtual clock: runs invocations and fires timers until nothing is left to do (every execution
    /// finished, or waits on something only the outside world can provide, such as a callback).
    /// </summary>
    /// <param name="cancellationToken">Stops driving.</param>
    /// <exception cref="InvalidOperationException">The engine runs on the real clock.</exception>
    public Task RunUntilIdleAsync(CancellationToken cancellationToken = default) =>
        VirtualScheduler.RunUntilIdleAsync(null, cancellationToken);

    /// <summary>
    /// Drives the virtual clock like <see cref="RunUntilIdleAsync"/>, stopping early as soon as
    /// <paramref name="shouldStop"/> returns true (checked before each invocation and each timer).
    /// </summary>
    /// <param name="shouldStop">The stop condition.</param>
    /// <param name="cancellationToken">Stops driving.</param>
    /// <exception cref="InvalidOperationException">The engine runs on the real clock.</exception>
    public Task RunUntilAsync(Func<bool> shouldStop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shouldStop);
        return VirtualScheduler.RunUntilIdleAsync(shouldStop, cancellationToken);
    }

    /// <summary>
    /// Waits until the execution closes. On the virtual clock this drives the engine and returns as soon as the
    /// execution is closed or nothing is left to do (then the execution is still running).
    /// </summary>
    /// <param name="durableExecutionArn">The execution.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The execution's description at that point.</returns>
    public async Task<GetDurableExecutionResponse> WaitForExecutionAsync(string durableExecutionArn, CancellationToken cancellationToken = default)
    {
        var execution = FindExecution(durableExecutionArn);
        if (_scheduler is VirtualScheduler virtualScheduler)
        {
            await virtualScheduler.RunUntilIdleAsync(() => execution.Completion.Task.IsCompleted, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await execution.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return GetDurableExecution(durableExecutionArn);
    }

    /// <summary>
    /// Moves the virtual clock forward by <paramref name="duration"/>, firing every timer due by then (execution
    /// timeouts included) and running the invocations they cause.
    /// </summary>
    /// <param name="duration">How far to move.</param>
    /// <param name="cancellationToken">Stops driving.</param>
    /// <exception cref="InvalidOperationException">The engine runs on the real clock.</exception>
    public Task AdvanceTimeAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var scheduler = VirtualScheduler;
        return scheduler.RunUntilIdleAsync(null, cancellationToken, scheduler.UtcNow + duration);
    }

    /// <summary>Runs <paramref name="action"/> at a time on the engine's clock (virtual or real), for simulating the outside world.</summary>
    /// <param name="due">When to run it.</param>
    /// <param name="action">What to do.</param>
    /// <returns>Dispose to cancel.</returns>
    public IDisposable ScheduleAt(DateTimeOffset due, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return _scheduler.Schedule(due, action);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed.Cancel();
        _scheduler.Dispose();
        lock (_gate)
        {
            foreach (var execution in _executionsInStartOrder)
            {
                execution.CancelAllTimers();
                execution.Invocation?.Abort.Cancel();
            }
        }
    }

    private VirtualScheduler VirtualScheduler => _scheduler as VirtualScheduler
        ?? throw new InvalidOperationException("The engine runs on the real clock; there is no virtual clock to drive. Use WaitForExecutionAsync.");

    private string StartExecution(string functionName, string? payload, string? executionName, (string ExecutionArn, string OperationId)? invokedBy)
    {
        lock (_gate)
        {
            try
            {
                return StartExecutionLocked(functionName, payload, executionName, invokedBy);
            }
            finally
            {
                SaveChanges();
            }
        }
    }

    private string StartExecutionLocked(string functionName, string? payload, string? executionName, (string ExecutionArn, string OperationId)? invokedBy)
    {
        {
            var function = ResolveFunction(functionName, out var qualifier);
            if (!function.Invoker.IsDurable)
            {
                throw DurableServiceException.InvalidParameter($"Function '{function.Name}' is not a durable function.");
            }

            if (executionName is not null && !ProtocolValidation.IsExecutionName(executionName))
            {
                throw DurableServiceException.InvalidParameter(
                    $"Invalid DurableExecutionName '{executionName}': 1–64 characters of letters, digits, '-' and '_'.");
            }

            if (payload is not null && payload.Length > ProtocolValidation.MaxPayloadCharacters)
            {
                throw DurableServiceException.InvalidParameter($"The payload exceeds {ProtocolValidation.MaxPayloadCharacters} characters.");
            }

            var name = executionName ?? NewUuid();
            if (_executionsInStartOrder.Any(e => e.Function == function && e.Name == name))
            {
                throw new DurableServiceException(
                    ServiceErrorCodes.DurableExecutionAlreadyStarted,
                    $"Durable execution '{name}' already exists for function '{function.Name}'. Each durable execution name must be unique within the function.",
                    409);
            }

            var id = NewHexId();
            var version = qualifier is null or "$LATEST" ? function.Options.Version : qualifier;
            var now = _scheduler.UtcNow;
            var execution = new ExecutionRecord
            {
                Arn = $"{function.FunctionArn}:{version}/durable-execution/{name}/{id}",
                Name = name,
                ExecutionId = id,
                Function = function,
                Version = version,
                StartTimestamp = now,
                StartOrder = _nextExecutionOrder++,
                InputPayload = payload,
                InvokedBy = invokedBy,
                ExecutionTimeoutSeconds = (int)function.Options.ExecutionTimeout.TotalSeconds,
                Enlist = _enlist,
            };
            execution.MarkUnsaved();
            execution.Add(new StoredOperation
            {
                Id = id,
                Name = name,
                Type = OperationType.Execution,
                StartSequence = execution.NextStartSequence(),
                StartTimestamp = now,
                Status = OperationStatus.Started,
                InputPayload = payload,
            });
            var started = execution.AppendEvent(EventType.ExecutionStarted, now, null);
            started.Id = id;
            started.Name = name;
            started.ExecutionStartedDetails = new ExecutionStartedDetails
            {
                Input = new EventPayload { Payload = payload, Truncated = false },
                ExecutionTimeout = (int)function.Options.ExecutionTimeout.TotalSeconds,
            };

            _executions.Add(execution.Arn, execution);
            _executionsInStartOrder.Add(execution);
            execution.Timers[TimerKeys.ExecutionTimeout] = _scheduler.Schedule(
                now + function.Options.ExecutionTimeout,
                () => OnExecutionTimeout(execution),
                backstop: true);
            RequestInvocation(execution);
            return execution.Arn;
        }
    }

    private void OnExecutionTimeout(ExecutionRecord execution)
    {
        lock (_gate)
        {
            try
            {
                if (execution.Status != ExecutionStatus.Running)
                {
                    return;
                }

                Close(execution, ExecutionStatus.TimedOut, null, new ErrorObject
                {
                    ErrorType = "Execution.TimedOut",
                    ErrorMessage = $"The durable execution exceeded its execution timeout of {execution.ExecutionTimeoutSeconds} seconds.",
                });
            }
            finally
            {
                SaveChanges();
            }
        }
    }

    /// <summary>Closes the execution: status, terminal event, timers, waiters.</summary>
    private void Close(ExecutionRecord execution, ExecutionStatus status, string? result, ErrorObject? error)
    {
        var now = _scheduler.UtcNow;
        execution.Status = status;
        execution.Result = result;
        execution.Error = error;
        execution.EndTimestamp = now;
        execution.PendingClose = null;
        var executionOperation = execution.ExecutionOperation;
        executionOperation.Status = status switch
        {
            ExecutionStatus.Succeeded => OperationStatus.Succeeded,
            ExecutionStatus.Failed => OperationStatus.Failed,
            ExecutionStatus.TimedOut => OperationStatus.TimedOut,
            _ => OperationStatus.Stopped,
        };
        executionOperation.EndTimestamp = now;
        execution.MarkUnsaved(executionOperation);

        var @event = execution.AppendEvent(
            status switch
            {
                ExecutionStatus.Succeeded => EventType.ExecutionSucceeded,
                ExecutionStatus.Failed => EventType.ExecutionFailed,
                ExecutionStatus.TimedOut => EventType.ExecutionTimedOut,
                _ => EventType.ExecutionStopped,
            },
            now,
            null);
        @event.Id = execution.ExecutionId;
        @event.Name = execution.Name;
        switch (status)
        {
            case ExecutionStatus.Succeeded:
                @event.ExecutionSucceededDetails = new ResultDetails { Result = new EventPayload { Payload = result } };
                break;
            case ExecutionStatus.Failed:
                @event.ExecutionFailedDetails = ErrorEvent(error);
                break;
            case ExecutionStatus.TimedOut:
                @event.ExecutionTimedOutDetails = ErrorEvent(error);
                break;
            default:
                @event.ExecutionStoppedDetails = ErrorEvent(error);
                break;
        }

        execution.CancelAllTimers();
        execution.RetryDue = null;
        ArmRetention(execution);
        execution.Completion.TrySetResult();
        OnExecutionClosed(execution);
    }

    private static ErrorDetails ErrorEvent(ErrorObject? error) =>
        new() { Error = new EventError { Payload = error?.Clone() } };

    /// <summary>Hook for closing dependents (chained invokes); called under the lock.</summary>
    partial void OnExecutionClosed(ExecutionRecord execution);

    private RegisteredFunction ResolveFunction(string functionName, out string? qualifier)
    {
        if (!ProtocolValidation.TryParseFunctionReference(functionName, out var name, out qualifier)
            || !_functions.TryGetValue(name, out var function))
        {
            throw DurableServiceException.NotFound($"Function not found: {functionName}");
        }

        return function;
    }

    private ExecutionRecord FindExecution(string durableExecutionArn)
    {
        ArgumentNullException.ThrowIfNull(durableExecutionArn);
        lock (_gate)
        {
            return _executions.GetValueOrDefault(durableExecutionArn)
                ?? throw DurableServiceException.NotFound($"Durable execution not found: {durableExecutionArn}");
        }
    }

    private string NewHexId()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (_random)
        {
            _random.NextBytes(bytes);
        }

        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    private string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (_random)
        {
            _random.NextBytes(bytes);
        }

        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    private string NewToken(ExecutionRecord execution)
    {
        execution.TokenSequence++;
        execution.MarkUnsaved();
        Span<byte> bytes = stackalloc byte[24];
        BitConverter.TryWriteBytes(bytes, execution.TokenSequence);
        lock (_random)
        {
            _random.NextBytes(bytes[8..]);
        }

        return Convert.ToBase64String(bytes);
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static class TimerKeys
    {
        public const string ExecutionTimeout = "@execution-timeout";
        public const string InvocationRetry = "@invocation-retry";
        public const string Retention = "@retention";
    }
}

/// <summary>What one invocation saw and did, for observers such as the sample's console view and the test runner.</summary>
public sealed class InvocationCompletedEventArgs : EventArgs
{
    /// <summary>The execution.</summary>
    public required string DurableExecutionArn { get; init; }

    /// <summary>The invocation's request ID.</summary>
    public required string RequestId { get; init; }

    /// <summary>1 for the first invocation of the execution.</summary>
    public required int InvocationNumber { get; init; }

    /// <summary>Operations the invocation received (besides the EXECUTION operation), as they were then.</summary>
    public required IReadOnlyList<Operation> ReceivedOperations { get; init; }

    /// <summary>Operations the service reported changed since the previous invocation.</summary>
    public required IReadOnlyList<string> UpdatedOperationIds { get; init; }

    /// <summary>History events appended while the invocation ran, its <c>InvocationCompleted</c> and any terminal event included.</summary>
    public required IReadOnlyList<Event> Events { get; init; }

    /// <summary>The status the function returned, or null when the invocation failed.</summary>
    public InvocationStatus? Status { get; init; }

    /// <summary>The invocation error (crash, timeout, unhandled exception, invalid output), if any.</summary>
    public ErrorObject? Error { get; init; }

    /// <summary>What the function wrote during the invocation, when it ran out of process; empty otherwise.</summary>
    public IReadOnlyList<string> LogLines { get; init; } = [];
}
