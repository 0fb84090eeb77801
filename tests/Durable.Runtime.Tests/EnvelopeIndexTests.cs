using System.Text;
using Durable.Execution;
using Durable.Protocol;

namespace Durable.Runtime.Tests;

/// <summary>The envelope's compact operation index: lookups without ID strings, duplicates, escapes, scale.</summary>
public class EnvelopeIndexTests
{
    [Fact]
    public void Finds_every_operation_by_id_and_nothing_else()
    {
        var ops = Enumerable.Range(1, 5_000).Select(i => $$$"""{"Id":"{{{OperationIds.Create(null, i)}}}","Type":"STEP","Status":"SUCCEEDED","StepDetails":{"Result":"{{{i}}}"}}""");
        var envelope = Scan(string.Join(",", ops));
        Assert.Equal(5_000, envelope.Operations.Count);
        for (var i = 1; i <= 5_000; i += 97)
        {
            var slot = envelope.Operations.Find(OperationIds.Create(null, i));
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), envelope.Operations.Decode(slot).StepDetails!.Result);
        }

        Assert.Equal(-1, envelope.Operations.Find(OperationIds.Create(null, 5_001)));
        Assert.Equal(-1, envelope.Operations.Find("not-an-id"));
    }

    [Fact]
    public void A_later_duplicate_of_an_id_wins()
    {
        var envelope = Scan("""{"Id":"a","Type":"STEP","Status":"STARTED"},{"Id":"b","Type":"WAIT","Status":"STARTED"},{"Id":"a","Type":"STEP","Status":"SUCCEEDED"}""");
        Assert.Equal(OperationStatus.Succeeded, envelope.Operations.Decode(envelope.Operations.Find("a")).Status);
        Assert.Equal(OperationType.Wait, envelope.Operations.Decode(envelope.Operations.Find("b")).Type);
    }

    [Fact]
    public void Escaped_ids_are_found_by_their_unescaped_value()
    {
        var envelope = Scan("""{"Id":"\u0061bc","Type":"STEP","Status":"STARTED"},{"Id":"plain_id-1","Type":"STEP","Status":"READY"}""");
        Assert.Equal("abc", envelope.Operations.Decode(envelope.Operations.Find("abc")).Id);
        Assert.Equal(OperationStatus.Ready, envelope.Operations.Decode(envelope.Operations.Find("plain_id-1")).Status);
        Assert.Equal(-1, envelope.Operations.Find("\\u0061bc"));
    }

    [Fact]
    public void State_built_from_the_index_sees_merged_operations_first()
    {
        var envelope = Scan($$"""{"Id":"{{Runtime.Tests.Support.Envelopes.ExecutionId}}","Type":"EXECUTION","Status":"STARTED"},{"Id":"x","Type":"STEP","Status":"STARTED"}""");
        var state = new ExecutionState(Runtime.Tests.Support.Envelopes.Arn, envelope, []);
        Assert.Equal(OperationStatus.Started, state.Get("x")!.Status);
        state.Merge([new Operation { Id = "x", Type = OperationType.Step, Status = OperationStatus.Succeeded }]);
        Assert.Equal(OperationStatus.Succeeded, state.Get("x")!.Status);
        Assert.True(state.Contains("x"));
        Assert.False(state.Contains("y"));
    }

    private static ScannedEnvelope Scan(string operations) =>
        EnvelopeScanner.Scan(Encoding.UTF8.GetBytes($$$"""{"DurableExecutionArn":"arn","CheckpointToken":"t","InitialExecutionState":{"Operations":[{{{operations}}}]}}"""));
}
