using System.Diagnostics;
using System.Globalization;
using Durable;
using Durable.Hosting;
using Durable.Local;
using Durable.Local.Functions;
using Durable.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Durable.Samples;
using OrderProcessing;

// Runs the order workflow end to end on the embedded local engine (virtual clock: the manager's three hours, the
// two-hour pick-up window and the payment retry back-off take no real time) and shows what each invocation
// replayed and executed. The program also plays the approver, answering the workflow's callback from outside.
//
// The same program is the Lambda function: with AWS_LAMBDA_RUNTIME_API set it serves invocations instead.
//
// OrderWorkflow is a [DurableWorkflow] class: the generator registered it by name at start-up, with its JSON metadata
// and a handler factory that creates the workflow with its constructor services for every invocation.
if (DurableLambdaHost.IsRuntimeApiAvailable)
{
    // Deployed as a custom runtime (provided.al2023), or started by the local engine as a separate process: serve the
    // Lambda Runtime API instead of running the demo.
    using var lambdaServices = new ServiceCollection().AddSingleton(new OrderServices()).BuildServiceProvider();
    return await DurableLambdaHost.RunAsync(args, new DurableLambdaHostOptions { Services = lambdaServices });
}

var clock = Stopwatch.StartNew();
using var engine = new LocalDurableEngine();
var services = new OrderServices();
using var serviceProvider = new ServiceCollection().AddSingleton(services).BuildServiceProvider();
if (!DurableWorkflowRegistry.TryFind("order-processing", out var workflow) || workflow is null)
{
    throw new InvalidOperationException("The order-processing workflow is not registered: is the generator referenced?");
}

var handler = workflow.CreateHandler(new DurableFunctionOptions { Services = serviceProvider });
engine.RegisterDurableFunction(workflow.Name, handler, new LocalFunctionOptions { FunctionTimeout = workflow.FunctionTimeout });
var serializerOptions = handler.Options.SerializerOptions;

var report = new ConsoleReport(engine.UtcNow);
engine.InvocationCompleted += (_, invocation) =>
{
    report.PrintInvocation(invocation);

    // The approver, outside the workflow: reads the inbox and answers three (virtual) hours later.
    while (services.Approvals.TryTake(out var request))
    {
        var answerAt = engine.UtcNow + TimeSpan.FromHours(3);
        Console.WriteLine($"  [approver] request for {request.OrderId} ({request.Total:0.00}) received; answering at +{answerAt - report.Start:h\\:mm\\:ss}");
        Console.WriteLine();
        var decision = serializerOptions.GetDurableSerializer<ApprovalDecision>()
            .Serialize(new ApprovalDecision(true, "dana@example.com", "fine by me"), default);
        engine.ScheduleAt(answerAt, () => engine.SendCallbackSuccess(request.CallbackId, decision));
    }
};

var order = new Order(
    "o-1042",
    "c-77",
    [new OrderLine("SKU-KETTLE", 1, 39.90m), new OrderLine("SKU-MUG", 4, 6.50m)],
    "12 Harbour Street, Leith");
var input = serializerOptions.GetDurableSerializer<Order>().Serialize(order, default);
Console.WriteLine($"Starting execution of order-processing for {order.OrderId}");
var arn = engine.StartExecution("order-processing", input, "order-" + order.OrderId);
Console.WriteLine($"  {arn}");
Console.WriteLine();

var execution = await engine.WaitForExecutionAsync(arn);

Console.WriteLine($"Result: {ConsoleReport.Status(execution.Status)}");
Console.WriteLine($"  {execution.Result ?? execution.Error?.ErrorMessage}");
Console.WriteLine($"  payment provider called {services.Payments.Calls} times (one timeout, one charge); virtual time elapsed {engine.UtcNow - report.Start}");
Console.WriteLine();
report.PrintHistory(engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }).Events);
Console.WriteLine();
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s of real time.");
return execution.Status == ExecutionStatus.Succeeded ? 0 : 1;
