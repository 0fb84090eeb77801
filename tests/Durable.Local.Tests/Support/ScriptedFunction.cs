using Durable.Local.Functions;
using Durable.Protocol;

namespace Durable.Local.Tests.Support;

/// <summary>A durable function whose invocations are test code speaking raw protocol to the engine.</summary>
internal sealed class ScriptedFunction(Func<LocalInvocationRequest, int, Task<LocalInvocationResult>> invoke) : ILocalFunctionInvoker
{
    private int _invocations;

    public bool IsDurable => true;

    public List<DurableExecutionInvocationInput> Envelopes { get; } = [];

    public Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken)
    {
        Envelopes.Add(request.Envelope!);
        return invoke(request, ++_invocations);
    }

    public static LocalInvocationResult Pending() => LocalInvocationResult.Returned(new DurableExecutionInvocationOutput { Status = InvocationStatus.Pending });

    public static LocalInvocationResult Succeeded(string? result) => LocalInvocationResult.Returned(new DurableExecutionInvocationOutput { Status = InvocationStatus.Succeeded, Result = result });
}

/// <summary>Shorthands for raw updates.</summary>
internal static class Updates
{
    public static OperationUpdate Step(string id, OperationAction action, string? payload = null, ErrorObject? error = null, int? delay = null, string? parentId = null, string? name = null) => new()
    {
        Id = id,
        ParentId = parentId,
        Name = name,
        Type = OperationType.Step,
        SubType = OperationSubTypes.Step,
        Action = action,
        Payload = payload,
        Error = error,
        StepOptions = delay is null ? null : new StepOptions { NextAttemptDelaySeconds = delay },
    };

    public static OperationUpdate Wait(string id, int seconds) => new()
    {
        Id = id,
        Type = OperationType.Wait,
        SubType = OperationSubTypes.Wait,
        Action = OperationAction.Start,
        WaitOptions = new WaitOptions { WaitSeconds = seconds },
    };

    public static OperationUpdate Context(string id, OperationAction action, string? payload = null, bool? replayChildren = null) => new()
    {
        Id = id,
        Type = OperationType.Context,
        SubType = OperationSubTypes.RunInChildContext,
        Action = action,
        Payload = payload,
        ContextOptions = replayChildren is null ? null : new ContextOptions { ReplayChildren = replayChildren },
    };

    public static async Task<CheckpointDurableExecutionResponse> Send(LocalInvocationRequest request, string token, params OperationUpdate[] updates) =>
        await request.Client.CheckpointDurableExecutionAsync(new CheckpointDurableExecutionRequest
        {
            DurableExecutionArn = request.Envelope!.DurableExecutionArn!,
            CheckpointToken = token,
            Updates = [.. updates],
        });
}
