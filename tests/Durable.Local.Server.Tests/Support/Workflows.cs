using Durable.Hosting;
using Durable.Protocol;

namespace Durable.Local.Server.Tests.Support;

/// <summary>The workflows the HTTP tests start: one waits on a callback, one finishes at once.</summary>
public static class Workflows
{
    public const string Approval = "approval";
    public const string Echo = "echo";

    /// <summary>A step, then a callback with a heartbeat timeout; returns "&lt;STEP&gt;:&lt;callback result&gt;".</summary>
    public static DurableFunctionHandler ApprovalWorkflow() => DurableFunction.Create<string, string>(async (input, ctx) =>
    {
        var prepared = await ctx.StepAsync(_ => input.ToUpperInvariant(), "prepare");
        var callback = await ctx.CreateCallbackAsync<string>("approval", new CallbackConfig { HeartbeatTimeout = TimeSpan.FromHours(1) });
        var answer = await callback.GetResultAsync();
        return $"{prepared}:{answer}";
    });

    /// <summary>Returns its input after one step.</summary>
    public static DurableFunctionHandler EchoWorkflow() => DurableFunction.Create<string, string>(async (input, ctx) =>
        await ctx.StepAsync(_ => "echo " + input, "echo"));

    public static void RegisterAll(LocalDurableEngine engine)
    {
        engine.RegisterDurableFunction(Approval, ApprovalWorkflow());
        engine.RegisterDurableFunction(Echo, EchoWorkflow());
    }

    /// <summary>Waits (real clock) until the execution has a started callback and returns its ID.</summary>
    public static async Task<string> WaitForCallbackIdAsync(LocalDurableEngine engine, string arn)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var callback = engine.GetOperations(arn).FirstOrDefault(o => o.Type == OperationType.Callback && o.Status == OperationStatus.Started);
            if (callback?.CallbackDetails?.CallbackId is { } id)
            {
                return id;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The workflow never started its callback.");
    }
}
