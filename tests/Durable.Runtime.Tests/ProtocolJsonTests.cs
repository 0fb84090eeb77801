using System.Text.Json;
using Durable.Protocol;

namespace Durable.Runtime.Tests;

/// <summary>The wire shape of operations: exact member names, both timestamp formats, and lossless round trips.</summary>
public class ProtocolJsonTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_123);

    [Fact]
    public void An_operation_with_every_member_writes_the_exact_wire_names_with_epoch_milliseconds_in_the_envelope()
    {
        var json = ProtocolJson.Serialize(new DurableExecutionInvocationInput
        {
            DurableExecutionArn = "arn", CheckpointToken = "t", InitialExecutionState = new InitialExecutionState { Operations = [Full()] },
        });
        Assert.Contains(
            """"{"Id":"a","ParentId":"p","Name":"n","Type":"STEP","SubType":"Step","StartTimestamp":1767225600123,"EndTimestamp":1767225601123,"Status":"PENDING","""",
            json, StringComparison.Ordinal);
        Assert.Contains(
            """"
            "StepDetails":{"Attempt":2,"NextAttemptTimestamp":1767225605123,"Result":"r","Error":{"ErrorType":"T","ErrorMessage":"m","ErrorData":"d","StackTrace":["f1","f2"]}}
            """",
            json, StringComparison.Ordinal);
    }

    [Fact]
    public void Rest_bodies_use_epoch_seconds_with_a_millisecond_fraction()
    {
        var json = JsonSerializer.Serialize(new GetDurableExecutionStateResponse { Operations = [Full()] }, ProtocolJson.ApiTypeInfo<GetDurableExecutionStateResponse>());
        Assert.Contains("\"StartTimestamp\":1767225600.123", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, ProtocolJson.ApiTypeInfo<GetDurableExecutionStateResponse>())!;
        AssertSame(Full(), back.Operations.Single());
    }

    [Fact]
    public void Every_detail_kind_round_trips_through_the_envelope()
    {
        var operations = new List<Operation>
        {
            Full(),
            new() { Id = "e", Type = OperationType.Execution, Status = OperationStatus.Started, StartTimestamp = Start, ExecutionDetails = new() { InputPayload = "{\"x\":1}" } },
            new() { Id = "c", Type = OperationType.Context, Status = OperationStatus.Succeeded, StartTimestamp = Start, ContextDetails = new() { ReplayChildren = true, Result = "" } },
            new() { Id = "w", Type = OperationType.Wait, Status = OperationStatus.Started, StartTimestamp = Start, WaitDetails = new() { ScheduledEndTimestamp = Start.AddHours(1) } },
            new() { Id = "cb", Type = OperationType.Callback, Status = OperationStatus.TimedOut, StartTimestamp = Start, CallbackDetails = new() { CallbackId = "Q0I=", Error = new() { ErrorType = "Callback.Timeout" } } },
            new() { Id = "i", Type = OperationType.ChainedInvoke, Status = OperationStatus.Succeeded, StartTimestamp = Start, ChainedInvokeDetails = new() { Result = "\"ok\"" } },
        };
        var json = ProtocolJson.Serialize(new DurableExecutionInvocationInput { DurableExecutionArn = "arn", CheckpointToken = "t", InitialExecutionState = new() { Operations = operations } });
        var back = ProtocolJson.DeserializeInput(json).InitialExecutionState!.Operations!;
        Assert.Equal(operations.Count, back.Count);
        for (var i = 0; i < operations.Count; i++)
        {
            AssertSame(operations[i], back[i]);
        }
    }

    [Fact]
    public void Unknown_members_are_ignored_and_missing_required_ones_are_named()
    {
        var ok = ProtocolJson.DeserializeInput("""{"InitialExecutionState":{"Operations":[{"Id":"a","Type":"WAIT","Status":"STARTED","Future":{"x":[1,2]},"StartTimestamp":5}]}}""");
        Assert.Equal("a", ok.InitialExecutionState!.Operations![0].Id);
        var error = Assert.Throws<JsonException>(() => ProtocolJson.DeserializeInput("""{"InitialExecutionState":{"Operations":[{"Id":"a","Type":"WAIT"}]}}"""));
        Assert.Contains("Id, Type and Status", error.Message, StringComparison.Ordinal);
    }

    private static Operation Full() => new()
    {
        Id = "a",
        ParentId = "p",
        Name = "n",
        Type = OperationType.Step,
        SubType = OperationSubTypes.Step,
        StartTimestamp = Start,
        EndTimestamp = Start.AddSeconds(1),
        Status = OperationStatus.Pending,
        StepDetails = new StepDetails
        {
            Attempt = 2,
            NextAttemptTimestamp = Start.AddSeconds(5),
            Result = "r",
            Error = new ErrorObject { ErrorType = "T", ErrorMessage = "m", ErrorData = "d", StackTrace = ["f1", "f2"] },
        },
    };

    private static void AssertSame(Operation expected, Operation actual) =>
        Assert.Equal(
            JsonSerializer.Serialize(expected, ProtocolJson.ApiTypeInfo<Operation>()),
            JsonSerializer.Serialize(actual, ProtocolJson.ApiTypeInfo<Operation>()));
}
