using System.Text;
using System.Text.Json;
using Durable.Hosting;
using Durable.Local;
using Durable.Local.Functions;
using Durable.Protocol;

namespace Durable.Testing;

/// <summary>
/// Runs a workflow on a private local engine for unit tests, with time skipping: waits and retry back-offs take no
/// time, and the history is recorded exactly as the service records it. Send callbacks from the test with
/// <see cref="SendCallbackSuccessAsync{T}"/> and friends; register the functions a workflow invokes with
/// <see cref="RegisterFunction{TPayload, TResult}"/> and <see cref="RegisterDurableFunction{TPayload, TResult}"/>.
/// </summary>
/// <typeparam name="TInput">The workflow input.</typeparam>
/// <typeparam name="TOutput">The workflow result.</typeparam>
public sealed class DurableTestRunner<TInput, TOutput> : IDisposable
{
    private readonly DurableTestRunnerOptions _options;
    private readonly JsonSerializerOptions _serializerOptions;
    private readonly string _functionName;
    private int _started;

    /// <summary>Creates a runner for <paramref name="workflow"/>.</summary>
    /// <param name="workflow">The workflow under test.</param>
    /// <param name="options">Options; virtual time by default.</param>
    public DurableTestRunner(Func<TInput, IDurableContext, Task<TOutput>> workflow, DurableTestRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        _options = Validate(options);
        _functionName = _options.FunctionName;
        _serializerOptions = _options.FunctionOptions.SerializerOptions;
        Engine = new LocalDurableEngine(_options.Engine);
        Engine.RegisterDurableFunction(_functionName, DurableFunction.Create(workflow, _options.FunctionOptions), _options.Function);
    }

    /// <summary>
    /// Creates a runner for a generated workflow (the <c>Registration</c> of a <c>[DurableWorkflow]</c> class): it is
    /// registered under its own name with its function and execution timeouts, and inputs and callback results are
    /// serialized with its generated JSON metadata. Constructor services come from <c>FunctionOptions.Services</c>.
    /// </summary>
    /// <param name="workflow">The workflow under test.</param>
    /// <param name="options">Options; virtual time by default. <see cref="DurableTestRunnerOptions.FunctionName"/> is not used.</param>
    /// <exception cref="ArgumentException">
    /// The workflow's input or result type is not <typeparamref name="TInput"/> or <typeparamref name="TOutput"/> (use
    /// <see cref="object"/> for a workflow that returns nothing).
    /// </exception>
    public DurableTestRunner(DurableWorkflowRegistration workflow, DurableTestRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (workflow.InputType != typeof(TInput) || (workflow.OutputType ?? typeof(object)) != typeof(TOutput))
        {
            throw new ArgumentException(
                $"Workflow '{workflow.Name}' takes {workflow.InputType.Name} and returns {workflow.OutputType?.Name ?? "nothing"}, not {typeof(TInput).Name} and {typeof(TOutput).Name}.",
                nameof(workflow));
        }

        _options = Validate(options);
        _functionName = workflow.Name;
        var handler = workflow.CreateHandler(_options.FunctionOptions);
        _serializerOptions = handler.Options.SerializerOptions;
        Engine = new LocalDurableEngine(_options.Engine);
        Engine.RegisterDurableFunction(_functionName, handler, FunctionOptionsOf(workflow, _options.Function));
    }

    /// <summary>The engine behind the runner, for inspection and advanced driving.</summary>
    public LocalDurableEngine Engine { get; }

    /// <summary>Registers a plain function the workflow may invoke.</summary>
    /// <param name="name">The function name the workflow uses (a name, or the name inside an ARN).</param>
    /// <param name="function">The function.</param>
    /// <typeparam name="TPayload">Its input.</typeparam>
    /// <typeparam name="TResult">Its result.</typeparam>
    public void RegisterFunction<TPayload, TResult>(string name, Func<TPayload, CancellationToken, Task<TResult>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var input = _serializerOptions.GetDurableSerializer<TPayload>();
        var output = _serializerOptions.GetDurableSerializer<TResult>();
        Engine.RegisterFunction(name, async (payload, cancellationToken) =>
        {
            var context = new SerializationContext(name, name);
            return output.Serialize(await function(input.Deserialize(payload, context), cancellationToken).ConfigureAwait(false), context);
        });
    }

    /// <summary>Registers a durable function the workflow may invoke; it runs as its own execution.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="workflow">The function's workflow.</param>
    /// <typeparam name="TPayload">Its input.</typeparam>
    /// <typeparam name="TResult">Its result.</typeparam>
    public void RegisterDurableFunction<TPayload, TResult>(string name, Func<TPayload, IDurableContext, Task<TResult>> workflow) =>
        Engine.RegisterDurableFunction(name, DurableFunction.Create(workflow, _options.FunctionOptions), _options.Function);

    /// <summary>Registers a generated workflow the workflow under test may invoke, under its own name.</summary>
    /// <param name="workflow">The workflow's registration.</param>
    public void RegisterDurableFunction(DurableWorkflowRegistration workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        Engine.RegisterDurableFunction(workflow.Name, workflow.CreateHandler(_options.FunctionOptions), FunctionOptionsOf(workflow, _options.Function));
    }

    /// <summary>
    /// Runs the workflow to completion. Fails with <see cref="WorkflowStalledException"/> if it ends up waiting on
    /// something only the test can provide (use <see cref="StartAsync"/> and the callback methods for those).
    /// </summary>
    /// <param name="input">The workflow input.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<TestResult<TOutput>> RunAsync(TInput input, CancellationToken cancellationToken = default)
    {
        var arn = await StartAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await WaitForResultAsync(arn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts an execution without driving it.</summary>
    /// <param name="input">The workflow input.</param>
    /// <param name="executionName">The execution name; generated when null.</param>
    /// <param name="cancellationToken">Unused; for symmetry.</param>
    /// <returns>The execution ARN.</returns>
    public Task<string> StartAsync(TInput input, string? executionName = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _started);
        var payload = _serializerOptions.GetDurableSerializer<TInput>().Serialize(input, new SerializationContext(string.Empty, string.Empty));
        return Task.FromResult(Engine.StartExecution(_functionName, payload, executionName));
    }

    /// <summary>
    /// Drives the execution until it starts a callback (named <paramref name="name"/>, when given) that is still
    /// open, and returns its callback ID.
    /// </summary>
    /// <param name="durableExecutionArn">The execution.</param>
    /// <param name="name">The callback's name (for a wait-for-callback, its own name or that of its context).</param>
    /// <param name="cancellationToken">Stops driving.</param>
    /// <exception cref="WorkflowStalledException">The execution finished or stalled without starting such a callback.</exception>
    public async Task<string> WaitForCallbackAsync(string durableExecutionArn, string? name = null, CancellationToken cancellationToken = default)
    {
        string? found = null;
        bool Found()
        {
            found = FindOpenCallback(durableExecutionArn, name);
            return found is not null;
        }

        if (!Found())
        {
            await DriveAsync(durableExecutionArn, Found, cancellationToken).ConfigureAwait(false);
        }

        return found ?? throw new WorkflowStalledException(
            $"Execution {durableExecutionArn} did not start an open callback{(name is null ? string.Empty : $" named '{name}'")}. {DescribeState(durableExecutionArn)}",
            durableExecutionArn);
    }

    /// <summary>Completes a callback with <paramref name="result"/>, serialized with the workflow's JSON options.</summary>
    /// <param name="callbackId">The callback ID.</param>
    /// <param name="result">The result.</param>
    /// <param name="cancellationToken">Unused; for symmetry.</param>
    /// <typeparam name="T">The result type.</typeparam>
    public Task SendCallbackSuccessAsync<T>(string callbackId, T result, CancellationToken cancellationToken = default)
    {
        var body = _serializerOptions.GetDurableSerializer<T>().Serialize(result, new SerializationContext(string.Empty, string.Empty));
        Engine.SendCallbackSuccess(callbackId, Encoding.UTF8.GetBytes(body ?? string.Empty));
        return Task.CompletedTask;
    }

    /// <summary>Fails a callback.</summary>
    /// <param name="callbackId">The callback ID.</param>
    /// <param name="error">The error the workflow will see.</param>
    /// <param name="cancellationToken">Unused; for symmetry.</param>
    public Task SendCallbackFailureAsync(string callbackId, ErrorObject? error = null, CancellationToken cancellationToken = default)
    {
        Engine.SendCallbackFailure(callbackId, error);
        return Task.CompletedTask;
    }

    /// <summary>Sends a heartbeat for a callback.</summary>
    /// <param name="callbackId">The callback ID.</param>
    /// <param name="cancellationToken">Unused; for symmetry.</param>
    public Task SendCallbackHeartbeatAsync(string callbackId, CancellationToken cancellationToken = default)
    {
        Engine.SendCallbackHeartbeat(callbackId);
        return Task.CompletedTask;
    }

    /// <summary>Drives the execution to completion and returns its result.</summary>
    /// <param name="durableExecutionArn">The execution.</param>
    /// <param name="cancellationToken">Stops driving.</param>
    /// <exception cref="WorkflowStalledException">It waits on something only the test can provide, or exceeded the invocation limit.</exception>
    public async Task<TestResult<TOutput>> WaitForResultAsync(string durableExecutionArn, CancellationToken cancellationToken = default)
    {
        bool Closed() => Engine.GetDurableExecution(durableExecutionArn).Status != ExecutionStatus.Running;
        if (_options.Engine.Clock == EngineClock.Real)
        {
            await Engine.WaitForExecutionAsync(durableExecutionArn, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DriveAsync(durableExecutionArn, Closed, cancellationToken).ConfigureAwait(false);
        }

        if (!Closed())
        {
            throw new WorkflowStalledException(
                $"Execution {durableExecutionArn} cannot finish on its own. {DescribeState(durableExecutionArn)}",
                durableExecutionArn);
        }

        return BuildResult(durableExecutionArn);
    }

    /// <summary>Moves virtual time forward, firing every timer due (including execution timeouts).</summary>
    /// <param name="duration">How far.</param>
    /// <param name="cancellationToken">Stops driving.</param>
    public Task AdvanceTimeAsync(TimeSpan duration, CancellationToken cancellationToken = default) =>
        Engine.AdvanceTimeAsync(duration, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => Engine.Dispose();

    private static DurableTestRunnerOptions Validate(DurableTestRunnerOptions? options)
    {
        options ??= new DurableTestRunnerOptions();
        if (options.MaxInvocations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxInvocations, "MaxInvocations must be at least 1.");
        }

        return options;
    }

    /// <summary>The runner's function options with the timeouts the workflow's attribute declares.</summary>
    private static LocalFunctionOptions FunctionOptionsOf(DurableWorkflowRegistration workflow, LocalFunctionOptions defaults) =>
        defaults with
        {
            FunctionTimeout = workflow.FunctionTimeout,
            ExecutionTimeout = workflow.ExecutionTimeout ?? defaults.ExecutionTimeout,
        };

    private async Task DriveAsync(string arn, Func<bool> done, CancellationToken cancellationToken)
    {
        var overLimit = false;
        await Engine.RunUntilAsync(
            () =>
            {
                overLimit = Engine.GetInvocationCount(arn) > _options.MaxInvocations;
                return overLimit || done();
            },
            cancellationToken).ConfigureAwait(false);
        if (overLimit)
        {
            throw new WorkflowStalledException(
                $"Execution {arn} exceeded {_options.MaxInvocations} invocations (DurableTestRunnerOptions.MaxInvocations). {DescribeState(arn)}",
                arn);
        }
    }

    private string? FindOpenCallback(string arn, string? name)
    {
        var operations = Engine.GetOperations(arn);
        foreach (var operation in operations)
        {
            if (operation.Type != OperationType.Callback || operation.Status != OperationStatus.Started)
            {
                continue;
            }

            var parentName = operations.FirstOrDefault(o => o.Id == operation.ParentId)?.Name;
            if (name is null || operation.Name == name || parentName == name)
            {
                return operation.CallbackDetails?.CallbackId;
            }
        }

        return null;
    }

    private string DescribeState(string arn)
    {
        var execution = Engine.GetDurableExecution(arn);
        if (execution.Status != ExecutionStatus.Running)
        {
            return $"It ended {WireNames.Of(execution.Status)}.";
        }

        var waiting = Engine.GetOperations(arn)
            .Where(o => o.Type is OperationType.Callback or OperationType.ChainedInvoke or OperationType.Wait && o.Status == OperationStatus.Started)
            .Select(o => o.Type switch
            {
                OperationType.Callback => $"callback '{o.Name ?? o.Id}' (callback ID {o.CallbackDetails?.CallbackId}); answer it with SendCallbackSuccessAsync, SendCallbackFailureAsync or a heartbeat",
                OperationType.ChainedInvoke => $"chained invoke '{o.Name ?? o.Id}'",
                _ => $"wait '{o.Name ?? o.Id}' until {o.WaitDetails?.ScheduledEndTimestamp:O}",
            })
            .ToList();
        return waiting.Count == 0
            ? "It is waiting, but on no operation the runner can see."
            : "It is waiting on: " + string.Join("; ", waiting) + ".";
    }

    private TestResult<TOutput> BuildResult(string arn)
    {
        var execution = Engine.GetDurableExecution(arn);
        var result = default(TOutput);
        if (execution.Status == ExecutionStatus.Succeeded && execution.Result is not null)
        {
            result = _serializerOptions.GetDurableSerializer<TOutput>().Deserialize(execution.Result, new SerializationContext(string.Empty, arn));
        }

        var all = new List<TestOperation>();
        foreach (var operation in Engine.GetOperations(arn))
        {
            if (operation.Type != OperationType.Execution)
            {
                all.Add(new TestOperation(operation, _serializerOptions, all));
            }
        }

        var history = Engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }).Events;
        return new TestResult<TOutput>(execution, result, all, history, Engine.GetInvocationCount(arn));
    }
}
