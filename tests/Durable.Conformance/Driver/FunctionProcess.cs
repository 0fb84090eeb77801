using Durable.Hosting;

namespace Durable.Conformance.Driver;

/// <summary>
/// The runner as a function process: builds the requirement's function under test in a process environment and
/// serves it through the Lambda Runtime API the parent engine provides (<c>AWS_LAMBDA_RUNTIME_API</c>).
/// </summary>
internal static class FunctionProcess
{
    public static async Task<int> ServeAsync(string requirementId)
    {
        var handler = HandlerCatalog.Create(requirementId);
        if (handler is null)
        {
            await Console.Error.WriteLineAsync($"No handler implements requirement {requirementId}.");
            return 2;
        }

        await using var environment = ConformanceEnvironment.ForFunctionProcess(requirementId);
        handler.Register(environment);
        var function = environment.CapturedHandler
            ?? throw new InvalidOperationException($"The handler of {requirementId} registered no function under test.");
        var registration = new DurableWorkflowRegistration(ConformanceEnvironment.FunctionUnderTest, handler.GetType(), typeof(object), typeof(object), _ => function);
        using var stop = new CancellationTokenSource();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        return await DurableLambdaHost.RunAsync(registration, cancellationToken: stop.Token);
    }
}
