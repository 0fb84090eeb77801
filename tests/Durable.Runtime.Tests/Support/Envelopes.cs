using Durable.Execution;
using Durable.Protocol;

namespace Durable.Runtime.Tests.Support;

/// <summary>Builds invocation envelopes with hand-made operation records, for replay tests without an engine.</summary>
internal static class Envelopes
{
    public const string ExecutionId = "0b6f5a2e9c1d4f7a8b3c2d1e0f9a8b7c";
    public const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/run-42/" + ExecutionId;
    public const string Token = "AAAAAAAAAAE=";

    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000);

    public static DurableExecutionInvocationInput Create(string? inputPayload, params Operation[] operations) => new()
    {
        DurableExecutionArn = Arn,
        CheckpointToken = Token,
        InitialExecutionState = new InitialExecutionState
        {
            Operations = [ExecutionOperation(inputPayload), .. operations],
        },
    };

    public static Operation ExecutionOperation(string? inputPayload) => new()
    {
        Id = ExecutionId,
        Type = OperationType.Execution,
        Status = OperationStatus.Started,
        Name = "run-42",
        StartTimestamp = Start,
        ExecutionDetails = new ExecutionDetails { InputPayload = inputPayload },
    };

    /// <summary>The ID of the n-th root operation.</summary>
    public static string Root(int position) => OperationIds.Create(null, position);

    public static Operation Step(int position, OperationStatus status, string? name = null, int attempt = 0, string? result = null, ErrorObject? error = null, string? parentId = null) => new()
    {
        Id = parentId is null ? Root(position) : OperationIds.Create(parentId, position),
        ParentId = parentId,
        Name = name,
        Type = OperationType.Step,
        SubType = OperationSubTypes.Step,
        Status = status,
        StartTimestamp = Start,
        StepDetails = new StepDetails { Attempt = attempt, Result = result, Error = error },
    };

    public static Operation Context(int position, OperationStatus status, string? name = null, string subType = OperationSubTypes.RunInChildContext, string? result = null, ErrorObject? error = null, bool? replayChildren = null, string? parentId = null) => new()
    {
        Id = parentId is null ? Root(position) : OperationIds.Create(parentId, position),
        ParentId = parentId,
        Name = name,
        Type = OperationType.Context,
        SubType = subType,
        Status = status,
        StartTimestamp = Start,
        ContextDetails = new ContextDetails { Result = result, Error = error, ReplayChildren = replayChildren },
    };

    public static Operation Callback(int position, OperationStatus status, string? name = null, string? result = null, ErrorObject? error = null, string? parentId = null) => new()
    {
        Id = parentId is null ? Root(position) : OperationIds.Create(parentId, position),
        ParentId = parentId,
        Name = name,
        Type = OperationType.Callback,
        SubType = OperationSubTypes.Callback,
        Status = status,
        StartTimestamp = Start,
        CallbackDetails = new CallbackDetails { CallbackId = "Y2I=", Result = result, Error = error },
    };

    public static Operation Invoke(int position, OperationStatus status, string? result = null, ErrorObject? error = null) => new()
    {
        Id = Root(position),
        Type = OperationType.ChainedInvoke,
        SubType = OperationSubTypes.ChainedInvoke,
        Status = status,
        StartTimestamp = Start,
        ChainedInvokeDetails = new ChainedInvokeDetails { Result = result, Error = error },
    };

    public static Operation Condition(int position, OperationStatus status, int attempt = 0, string? result = null, ErrorObject? error = null) => new()
    {
        Id = Root(position),
        Type = OperationType.Step,
        SubType = OperationSubTypes.WaitForCondition,
        Status = status,
        StartTimestamp = Start,
        StepDetails = new StepDetails { Attempt = attempt, Result = result, Error = error },
    };

    public static Operation Wait(int position, OperationStatus status, string? name = null) => new()
    {
        Id = Root(position),
        Name = name,
        Type = OperationType.Wait,
        SubType = OperationSubTypes.Wait,
        Status = status,
        StartTimestamp = Start,
        WaitDetails = new WaitDetails { ScheduledEndTimestamp = Start.AddSeconds(10) },
    };
}
