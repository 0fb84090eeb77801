using System.Net.Http;
using Durable.Client;
using Durable.Hosting;
using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>
/// How a failed checkpoint ends the invocation (protocol §4.6): permanent errors fail the execution, transient ones
/// are thrown so Lambda retries the invocation, and workflow code never observes either.
/// </summary>
public class CheckpointFailureTests
{
    public static TheoryData<Exception> TransientFailures => new()
    {
        DurableServiceException.InvalidParameter("Invalid Checkpoint Token: stale"),
        new DurableServiceException(ServiceErrorCodes.TooManyRequests, "slow down", 429),
        new DurableServiceException(ServiceErrorCodes.Service, "oops", 500),
        new DurableServiceException("ServiceUnavailableException", "down", 503),
        new HttpRequestException("connection reset"),
    };

    [Fact]
    public async Task A_rejected_checkpoint_fails_the_execution_with_the_service_error()
    {
        var client = new ScriptedClient { FailCheckpoint = _ => DurableServiceException.InvalidParameter("Inconsistent operation type/subtype/name/parent operation id.") };
        var caught = false;
        var output = await Workflow(async ctx =>
        {
            try
            {
                await ctx.StepAsync(_ => "x", config: new StepConfig { Semantics = StepSemantics.AtMostOncePerRetry });
            }
            catch (Exception)
            {
                caught = true;
            }

            return "continued";
        }).InvokeAsync(Envelopes.Create("null"), client);

        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Equal(ServiceErrorCodes.InvalidParameterValue, output.Error!.ErrorType);
        Assert.Contains("The service rejected a checkpoint: Inconsistent operation", output.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.False(caught);
    }

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task A_transient_failure_is_thrown_so_the_invocation_is_retried(Exception failure)
    {
        var client = new ScriptedClient { FailCheckpoint = _ => failure };
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Workflow(async ctx => await ctx.StepAsync(_ => "x")).InvokeAsync(Envelopes.Create("null"), client));
        Assert.Same(failure, thrown);
    }

    [Fact]
    public async Task A_failure_of_a_fire_and_forget_start_still_ends_the_invocation()
    {
        var client = new ScriptedClient { FailCheckpoint = i => i == 0 ? new DurableServiceException(ServiceErrorCodes.Service, "boom", 500) : null };
        var stepRan = false;
        await Assert.ThrowsAsync<DurableServiceException>(() => Workflow(async ctx =>
        {
            await ctx.StepAsync(_ => { stepRan = true; return "x"; });
            return "done";
        }).InvokeAsync(Envelopes.Create("null"), client));

        // The START is sent before the body runs (in-process clients complete synchronously), so the body never ran.
        Assert.False(stepRan);
    }

    [Theory]
    [InlineData(400, "InvalidParameterValueException", "bad", true)]
    [InlineData(400, "InvalidParameterValueException", "Invalid Checkpoint Token: x", false)]
    [InlineData(404, "ResourceNotFoundException", "gone", true)]
    [InlineData(429, "TooManyRequestsException", "slow", false)]
    [InlineData(500, "ServiceException", "oops", false)]
    [InlineData(502, "KMSAccessDeniedException", "kms", true)]
    public void Classification_follows_the_rule_every_sdk_applies(int status, string code, string message, bool permanent)
    {
        Assert.Equal(permanent, ServiceErrorClassifier.IsPermanent(new DurableServiceException(code, message, status)));
    }

    [Fact]
    public void Transport_errors_are_transient()
    {
        Assert.False(ServiceErrorClassifier.IsPermanent(new HttpRequestException("reset")));
        Assert.False(ServiceErrorClassifier.IsPermanent(new TaskCanceledException("timeout")));
    }

    [Fact]
    public async Task Each_checkpoint_presents_the_token_of_the_previous_response()
    {
        var client = new ScriptedClient();
        await Workflow(async ctx =>
        {
            await ctx.StepAsync(_ => 1, config: new StepConfig { Semantics = StepSemantics.AtMostOncePerRetry });
            await ctx.StepAsync(_ => 2, config: new StepConfig { Semantics = StepSemantics.AtMostOncePerRetry });
            return "done";
        }).InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(Envelopes.Token, client.Checkpoints[0].CheckpointToken);
        Assert.Equal(["VE9LRU41", "VE9LRU42", "VE9LRU43"], client.Checkpoints.Skip(1).Select(c => c.CheckpointToken));
    }

    private static DurableFunctionHandler Workflow<T>(Func<IDurableContext, Task<T>> body) =>
        DurableFunction.Create<string?, T>((_, ctx) => body(ctx));
}
