using System.Text;
using Durable.Client;
using Durable.Hosting;
using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>Reading the invocation envelope: wire names, timestamps, paging, and clear errors for bad input.</summary>
public class EnvelopeTests
{
    private static string Fail() => throw new InvalidOperationException("replayed, not run");

    private static readonly DurableFunctionHandler Echo = DurableFunction.Create<string, string>((input, _) => Task.FromResult(input));

    [Fact]
    public async Task Reads_the_input_from_the_execution_operation_and_returns_the_wire_output()
    {
        var json = $$$"""
            {"DurableExecutionArn":"{{{Envelopes.Arn}}}","CheckpointToken":"AAAA",
             "InitialExecutionState":{"Operations":[
               {"Id":"{{{Envelopes.ExecutionId}}}","Type":"EXECUTION","Status":"STARTED","StartTimestamp":1767225600000,
                "ExecutionDetails":{"InputPayload":"\"hello\""}}],"NextMarker":null}}
            """;
        var output = await Echo.InvokeAsync(Encoding.UTF8.GetBytes(json), new ScriptedClient());
        Assert.Equal("""{"Status":"SUCCEEDED","Result":"\u0022hello\u0022"}""", Encoding.UTF8.GetString(output));
    }

    [Fact]
    public void Envelope_timestamps_are_epoch_milliseconds_and_round_trip()
    {
        var input = Envelopes.Create("1", Envelopes.Step(1, OperationStatus.Succeeded, result: "2"));
        var json = ProtocolJson.Serialize(input);
        Assert.Contains("\"StartTimestamp\":1767225600000", json, StringComparison.Ordinal);
        var back = ProtocolJson.DeserializeInput(json);
        Assert.Equal(Envelopes.Start, back.InitialExecutionState!.Operations![1].StartTimestamp);
        Assert.Equal(OperationStatus.Succeeded, back.InitialExecutionState.Operations[1].Status);
    }

    [Fact]
    public async Task Malformed_json_is_an_invalid_envelope_error()
    {
        var error = await Assert.ThrowsAsync<InvalidEnvelopeException>(() => Echo.InvokeAsync(Encoding.UTF8.GetBytes("{\"DurableExecutionArn\": 5"), new ScriptedClient()));
        Assert.Contains("not a valid durable execution envelope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_status_names_the_value_and_the_accepted_ones()
    {
        var json = $$$"""
            {"DurableExecutionArn":"{{{Envelopes.Arn}}}","CheckpointToken":"AAAA","InitialExecutionState":{"Operations":[
              {"Id":"x","Type":"STEP","Status":"EXPLODED","StartTimestamp":1}]}}
            """;
        var error = await Assert.ThrowsAsync<InvalidEnvelopeException>(() => Echo.InvokeAsync(Encoding.UTF8.GetBytes(json), new ScriptedClient()));
        Assert.Contains("Unknown OperationStatus value 'EXPLODED'", error.Message, StringComparison.Ordinal);
        Assert.Contains("SUCCEEDED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_without_a_required_member_fails_the_envelope_up_front()
    {
        var json = $$$"""
            {"DurableExecutionArn":"{{{Envelopes.Arn}}}","CheckpointToken":"AAAA","InitialExecutionState":{"Operations":[
              {"Id":"{{{Envelopes.ExecutionId}}}","Type":"EXECUTION","Status":"STARTED","StartTimestamp":1},
              {"Type":"STEP","Status":"SUCCEEDED","StartTimestamp":1}]}}
            """;
        var error = await Assert.ThrowsAsync<InvalidEnvelopeException>(() => Echo.InvokeAsync(Encoding.UTF8.GetBytes(json), new ScriptedClient()));
        Assert.Contains("Operations[1] lacks one of the required members Id, Type and Status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_that_only_fails_to_decode_when_replayed_fails_the_execution_without_reaching_workflow_code()
    {
        var caught = false;
        var handler = DurableFunction.Create<string, string>(async (_, ctx) =>
        {
            try
            {
                return await ctx.StepAsync(_ => "fresh");
            }
            catch (Exception)
            {
                caught = true;
                return "caught";
            }
        });
        var json = $$$"""
            {"DurableExecutionArn":"{{{Envelopes.Arn}}}","CheckpointToken":"AAAA","InitialExecutionState":{"Operations":[
              {"Id":"{{{Envelopes.ExecutionId}}}","Type":"EXECUTION","Status":"STARTED","StartTimestamp":1,"ExecutionDetails":{"InputPayload":"\"x\""}},
              {"Id":"{{{Envelopes.Root(1)}}}","Type":"STEP","Status":"SUCCEEDED","StartTimestamp":1,"StepDetails":"not an object"}]}}
            """;
        var output = ProtocolJson.DeserializeOutput(await handler.InvokeAsync(Encoding.UTF8.GetBytes(json), new ScriptedClient()));
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Equal(typeof(InvalidEnvelopeException).FullName, output.Error!.ErrorType);
        Assert.Contains(Envelopes.Root(1), output.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.False(caught);
    }

    [Fact]
    public async Task The_json_and_object_entry_points_give_the_same_output()
    {
        var handler = DurableFunction.Create<string, string>(async (input, ctx) =>
            await ctx.StepAsync(_ => "a") + await ctx.StepAsync(_ => "b") + input);
        var envelope = Envelopes.Create("\"!\"", Envelopes.Step(1, OperationStatus.Succeeded, attempt: 1, result: "\"A\""));
        var fromObjects = ProtocolJson.Serialize(await handler.InvokeAsync(envelope, new ScriptedClient()));
        var fromJson = Encoding.UTF8.GetString(await handler.InvokeAsync(ProtocolJson.SerializeToUtf8Bytes(envelope), new ScriptedClient()));
        Assert.Equal(fromObjects, fromJson);
        Assert.Contains("Ab!", fromJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_event_without_an_arn_says_it_is_not_a_durable_envelope()
    {
        var error = await Assert.ThrowsAsync<InvalidEnvelopeException>(() => Echo.InvokeAsync(Encoding.UTF8.GetBytes("{\"orderId\":\"o-1\"}"), new ScriptedClient()));
        Assert.Contains("no DurableExecutionArn", error.Message, StringComparison.Ordinal);
        Assert.Contains("DurableConfig", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_token_is_rejected()
    {
        var input = Envelopes.Create("\"x\"");
        input.CheckpointToken = null;
        var error = await Assert.ThrowsAsync<InvalidEnvelopeException>(() => Echo.InvokeAsync(input, new ScriptedClient()));
        Assert.Contains("no CheckpointToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_execution_operation_is_rejected_with_the_expected_id()
    {
        var input = Envelopes.Create("\"x\"");
        input.InitialExecutionState!.Operations!.RemoveAt(0);
        var error = await Assert.ThrowsAsync<InvalidEnvelopeException>(() => Echo.InvokeAsync(input, new ScriptedClient()));
        Assert.Contains(Envelopes.ExecutionId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_execution_state_is_rejected()
    {
        var input = Envelopes.Create("\"x\"");
        input.InitialExecutionState = null;
        await Assert.ThrowsAsync<InvalidEnvelopeException>(() => Echo.InvokeAsync(input, new ScriptedClient()));
    }

    [Fact]
    public async Task Further_pages_are_read_with_the_invocation_token_until_no_marker_is_left()
    {
        var handler = DurableFunction.Create<string, string>(async (_, ctx) =>
        {
            var a = await ctx.StepAsync(_ => Fail());
            var b = await ctx.StepAsync(_ => Fail());
            return a + b;
        });
        var input = Envelopes.Create("\"x\"");
        input.InitialExecutionState!.NextMarker = "page-2";
        var client = new ScriptedClient();
        client.Pages["page-2"] = new GetDurableExecutionStateResponse { Operations = [Envelopes.Step(1, OperationStatus.Succeeded, result: "\"a\"")], NextMarker = "page-3" };
        client.Pages["page-3"] = new GetDurableExecutionStateResponse { Operations = [Envelopes.Step(2, OperationStatus.Succeeded, result: "\"b\"")] };

        var output = await handler.InvokeAsync(input, client);

        Assert.Equal("\"ab\"", output.Result);
        Assert.Equal(["page-2", "page-3"], client.StateReads.Select(r => r.Marker));
        Assert.All(client.StateReads, r => Assert.Equal(Envelopes.Token, r.CheckpointToken));
        Assert.Empty(client.Checkpoints);
    }

    [Fact]
    public async Task A_marker_served_twice_is_an_error_rather_than_an_endless_loop()
    {
        var input = Envelopes.Create("\"x\"");
        input.InitialExecutionState!.NextMarker = "loop";
        var client = new ScriptedClient();
        client.Pages["loop"] = new GetDurableExecutionStateResponse { Operations = [], NextMarker = "loop" };
        var error = await Assert.ThrowsAsync<InvalidEnvelopeException>(() => Echo.InvokeAsync(input, client));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_error_while_reading_state_fails_the_execution()
    {
        var input = Envelopes.Create("\"x\"");
        input.InitialExecutionState!.NextMarker = "missing";
        var output = await Echo.InvokeAsync(input, new ScriptedClient());
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Equal(ServiceErrorCodes.InvalidParameterValue, output.Error!.ErrorType);
    }

    [Fact]
    public async Task An_input_that_does_not_deserialize_fails_the_execution_with_the_json_error()
    {
        var handler = DurableFunction.Create<int, int>((input, _) => Task.FromResult(input));
        var output = await handler.InvokeAsync(Envelopes.Create("\"not a number\""), new ScriptedClient());
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Equal("System.Text.Json.JsonException", output.Error!.ErrorType);
    }
}
