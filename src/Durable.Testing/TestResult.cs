using System.Text.Json;
using Durable.Protocol;

namespace Durable.Testing;

/// <summary>The outcome of a workflow run under test: status, result or error, operations and history.</summary>
/// <typeparam name="TOutput">The workflow's result type.</typeparam>
public sealed class TestResult<TOutput>
{
    internal TestResult(GetDurableExecutionResponse execution, TOutput? result, IReadOnlyList<TestOperation> operations, IReadOnlyList<Event> history, int invocationCount)
    {
        Execution = execution;
        Result = result;
        Operations = operations;
        History = history;
        InvocationCount = invocationCount;
    }

    /// <summary>The execution as <c>GetDurableExecution</c> describes it.</summary>
    public GetDurableExecutionResponse Execution { get; }

    /// <summary>The execution ARN.</summary>
    public string DurableExecutionArn => Execution.DurableExecutionArn;

    /// <summary>The execution status.</summary>
    public ExecutionStatus Status => Execution.Status;

    /// <summary>True when the workflow returned.</summary>
    public bool IsSucceeded => Status == ExecutionStatus.Succeeded;

    /// <summary>True when the workflow threw.</summary>
    public bool IsFailed => Status == ExecutionStatus.Failed;

    /// <summary>The workflow's result (default unless it succeeded).</summary>
    public TOutput? Result { get; }

    /// <summary>The execution's error, when it failed, timed out or was stopped.</summary>
    public ErrorObject? Error => Execution.Error;

    /// <summary>How many invocations the execution took.</summary>
    public int InvocationCount { get; }

    /// <summary>Every operation (children of completed contexts included) in start order.</summary>
    public IReadOnlyList<TestOperation> Operations { get; }

    /// <summary>The execution's history events, with payloads.</summary>
    public IReadOnlyList<Event> History { get; }

    /// <summary>The single operation named <paramref name="name"/>.</summary>
    /// <param name="name">The operation name.</param>
    /// <exception cref="InvalidOperationException">No operation, or several, have that name.</exception>
    public TestOperation GetOperation(string name)
    {
        var matches = GetOperations(name);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new InvalidOperationException($"No operation is named '{name}'. Operations: {DescribeOperations()}."),
            _ => throw new InvalidOperationException($"{matches.Count} operations are named '{name}'; use GetOperations."),
        };
    }

    /// <summary>The operation named <paramref name="name"/>, or null.</summary>
    /// <param name="name">The operation name.</param>
    public TestOperation? FindOperation(string name) => Operations.FirstOrDefault(o => o.Name == name);

    /// <summary>All operations named <paramref name="name"/>, in start order.</summary>
    /// <param name="name">The operation name.</param>
    public IReadOnlyList<TestOperation> GetOperations(string name) => Operations.Where(o => o.Name == name).ToList();

    /// <summary>The operation with ID <paramref name="id"/>.</summary>
    /// <param name="id">The operation ID.</param>
    /// <exception cref="InvalidOperationException">No operation has that ID.</exception>
    public TestOperation GetOperationById(string id) =>
        Operations.FirstOrDefault(o => o.Id == id) ?? throw new InvalidOperationException($"No operation has ID '{id}'.");

    /// <summary>All operations with status <paramref name="status"/>.</summary>
    /// <param name="status">The status.</param>
    public IReadOnlyList<TestOperation> GetOperationsByStatus(OperationStatus status) => Operations.Where(o => o.Status == status).ToList();

    /// <summary>Throws unless the workflow succeeded, with the error in the message.</summary>
    /// <exception cref="TestExecutionFailedException">The execution did not succeed.</exception>
    public TestResult<TOutput> EnsureSucceeded() => IsSucceeded
        ? this
        : throw new TestExecutionFailedException(Status, Error, Operations);

    private string DescribeOperations() =>
        Operations.Count == 0 ? "(none)" : string.Join(", ", Operations.Select(o => $"{WireNames.Of(o.Type)} '{o.Name ?? o.Id}'"));
}

/// <summary>One operation of an execution under test.</summary>
public sealed class TestOperation
{
    private readonly Operation _operation;
    private readonly JsonSerializerOptions _serializerOptions;

    internal TestOperation(Operation operation, JsonSerializerOptions serializerOptions, IReadOnlyList<TestOperation> all)
    {
        _operation = operation;
        _serializerOptions = serializerOptions;
        AllOperations = all;
    }

    /// <summary>The operation ID.</summary>
    public string Id => _operation.Id;

    /// <summary>The name, if one was given.</summary>
    public string? Name => _operation.Name;

    /// <summary>The enclosing context's ID.</summary>
    public string? ParentId => _operation.ParentId;

    /// <summary>The operation type.</summary>
    public OperationType Type => _operation.Type;

    /// <summary>The subtype, for example <c>Step</c> or <c>WaitForCondition</c>.</summary>
    public string? SubType => _operation.SubType;

    /// <summary>The status.</summary>
    public OperationStatus Status => _operation.Status;

    /// <summary>Completed attempts of a step.</summary>
    public int? Attempt => _operation.StepDetails?.Attempt;

    /// <summary>When the operation started.</summary>
    public DateTimeOffset StartedAt => _operation.StartTimestamp;

    /// <summary>When it reached a terminal status.</summary>
    public DateTimeOffset? EndedAt => _operation.EndTimestamp;

    /// <summary>From start to end, once ended.</summary>
    public TimeSpan? Duration => EndedAt - StartedAt;

    /// <summary>The operations whose parent this is.</summary>
    public IReadOnlyList<TestOperation> Children => AllOperations.Where(o => o.ParentId == Id).ToList();

    /// <summary>The raw result payload (step, context, callback or invoke).</summary>
    public string? ResultPayload =>
        _operation.StepDetails?.Result ?? _operation.ContextDetails?.Result ?? _operation.CallbackDetails?.Result ?? _operation.ChainedInvokeDetails?.Result;

    /// <summary>The recorded error.</summary>
    public ErrorObject? Error =>
        _operation.StepDetails?.Error ?? _operation.ContextDetails?.Error ?? _operation.CallbackDetails?.Error ?? _operation.ChainedInvokeDetails?.Error;

    /// <summary>When a wait fires.</summary>
    public DateTimeOffset? WaitEndsAt => _operation.WaitDetails?.ScheduledEndTimestamp;

    /// <summary>The callback ID of a callback.</summary>
    public string? CallbackId => _operation.CallbackDetails?.CallbackId;

    /// <summary>The raw protocol record.</summary>
    public Operation Operation => _operation;

    private IReadOnlyList<TestOperation> AllOperations { get; }

    /// <summary>The result payload deserialized with the workflow's JSON options.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    public T? GetResult<T>()
    {
        var payload = ResultPayload;
        if (string.IsNullOrEmpty(payload))
        {
            return default;
        }

        var info = _serializerOptions.TypeInfoResolver?.GetTypeInfo(typeof(T), _serializerOptions) as System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>
            ?? throw new InvalidOperationException($"No JSON metadata for {typeof(T).FullName} in the workflow's serializer options.");
        return JsonSerializer.Deserialize(payload, info);
    }

    /// <inheritdoc />
    public override string ToString() => $"{WireNames.Of(Type)} {Name ?? Id} {WireNames.Of(Status)}";
}
