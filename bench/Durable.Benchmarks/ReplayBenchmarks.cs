using BenchmarkDotNet.Attributes;
using Durable;
using Durable.Client;
using Durable.Execution;
using Durable.Hosting;
using Durable.Protocol;

namespace Durable.Benchmarks;

/// <summary>
/// Replay cost: one invocation whose envelope holds N completed steps and a wait still running. The workflow replays
/// every step (ID, lookup, result deserialization) and suspends at the wait. Reported per completed step; the JSON
/// variant includes parsing the envelope, as a Lambda invocation does.
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private DurableFunctionHandler _handler = null!;
    private DurableExecutionInvocationInput _envelope = null!;
    private byte[] _envelopeJson = null!;

    [Params(100, 1_000, 10_000)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var steps = Steps;
        _handler = DurableFunction.Create<string, int>(async (_, ctx) =>
        {
            var sum = 0;
            for (var i = 0; i < steps; i++)
            {
                sum += await ctx.StepAsync(_ => i, "step");
            }

            await ctx.WaitAsync(TimeSpan.FromHours(1), "wait");
            return sum;
        });
        const string executionId = "0b6f5a2e9c1d4f7a8b3c2d1e0f9a8b7c";
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000);
        var operations = new List<Operation>
        {
            new() { Id = executionId, Type = OperationType.Execution, Status = OperationStatus.Started, StartTimestamp = start, ExecutionDetails = new ExecutionDetails { InputPayload = "\"go\"" } },
        };
        for (var i = 1; i <= steps; i++)
        {
            operations.Add(new Operation
            {
                Id = OperationIds.Create(null, i), Name = "step", Type = OperationType.Step, SubType = OperationSubTypes.Step,
                Status = OperationStatus.Succeeded, StartTimestamp = start, EndTimestamp = start,
                StepDetails = new StepDetails { Attempt = 1, Result = (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }

        operations.Add(new Operation
        {
            Id = OperationIds.Create(null, steps + 1), Name = "wait", Type = OperationType.Wait, SubType = OperationSubTypes.Wait,
            Status = OperationStatus.Started, StartTimestamp = start, WaitDetails = new WaitDetails { ScheduledEndTimestamp = start.AddHours(1) },
        });
        _envelope = new DurableExecutionInvocationInput
        {
            DurableExecutionArn = "arn:aws:lambda:us-east-1:123456789012:function:bench:$LATEST/durable-execution/run/" + executionId,
            CheckpointToken = "AAAA",
            InitialExecutionState = new InitialExecutionState { Operations = operations },
        };
        _envelopeJson = ProtocolJson.SerializeToUtf8Bytes(_envelope);
    }

    [Benchmark(Description = "replay (envelope objects)")]
    public async Task<InvocationStatus> ReplayFromObjects()
    {
        var output = await _handler.InvokeAsync(_envelope, NoCalls.Instance);
        return output.Status == InvocationStatus.Pending ? output.Status : throw new InvalidOperationException(output.Error?.ErrorMessage);
    }

    [Benchmark(Description = "replay (JSON envelope)")]
    public async Task<int> ReplayFromJson() => (await _handler.InvokeAsync(_envelopeJson, NoCalls.Instance)).Length;

    /// <summary>Replay must not call the service at all.</summary>
    private sealed class NoCalls : IDurableExecutionClient
    {
        public static readonly NoCalls Instance = new();

        public Task<CheckpointDurableExecutionResponse> CheckpointDurableExecutionAsync(CheckpointDurableExecutionRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Replay checkpointed.");

        public Task<GetDurableExecutionStateResponse> GetDurableExecutionStateAsync(GetDurableExecutionStateRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Replay read state.");
    }
}
