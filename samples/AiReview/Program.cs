using System.Diagnostics;
using System.Globalization;
using AiReview;
using Durable;
using Durable.Hosting;
using Durable.Local;
using Durable.Local.Functions;
using Durable.Protocol;
using Durable.Samples;
using Microsoft.Extensions.DependencyInjection;

// Runs the support-reply pipeline end to end on the embedded local engine (virtual clock: the reviewer's hours and
// the model's rate-limit back-off take no real time). The program plays the reviewer: it asks for changes to the
// first draft and approves the second, answering the workflow's callbacks from outside.
var clock = Stopwatch.StartNew();
using var engine = new LocalDurableEngine();
var services = new ReplyServices(new FakeLanguageModel(), new ReviewQueue(), new Mailer());
using var serviceProvider = new ServiceCollection().AddSingleton(services).BuildServiceProvider();
if (!DurableWorkflowRegistry.TryFind("support-reply", out var workflow) || workflow is null)
{
    throw new InvalidOperationException("The support-reply workflow is not registered: is the generator referenced?");
}

var handler = workflow.CreateHandler(new DurableFunctionOptions { Services = serviceProvider });
engine.RegisterDurableFunction(workflow.Name, handler, new LocalFunctionOptions { FunctionTimeout = workflow.FunctionTimeout });
var serializerOptions = handler.Options.SerializerOptions;

var report = new ConsoleReport(engine.UtcNow);
engine.InvocationCompleted += (_, invocation) =>
{
    report.PrintInvocation(invocation);

    // The reviewer, outside the workflow: reads each draft and answers four (virtual) hours later.
    while (services.Reviews.TryTake(out var request))
    {
        var decision = request.Draft.Round == 1
            ? new ReviewDecision(ReviewVerdict.RequestChanges, "sam@example.com", "Please say that refunds reach the card within 5 to 7 business days", null)
            : new ReviewDecision(ReviewVerdict.Approve, "sam@example.com", null, null);
        var answerAt = engine.UtcNow + TimeSpan.FromHours(4);
        Console.WriteLine($"  [reviewer] draft {request.Draft.Round} of {request.TicketId} received; answering '{decision.Verdict}' at +{answerAt - report.Start:h\\:mm\\:ss}");
        Console.WriteLine();
        var body = serializerOptions.GetDurableSerializer<ReviewDecision>().Serialize(decision, default);
        engine.ScheduleAt(answerAt, () => engine.SendCallbackSuccess(request.CallbackId, body));
    }
};

var ticket = new SupportTicket(
    "t-311",
    "Ada",
    "Refund for a broken kettle",
    "My kettle arrived broken and I would like a refund, not a replacement.",
    [
        new Attachment("photo-notes.txt", "The lid hinge is snapped. The base is scratched."),
        new Attachment("receipt.txt", "Order o-1042, paid 39.90 on 2 March. Card ending 4242."),
        new Attachment("chat-log.txt", "Customer asked twice for a refund. Agent promised a reply by email."),
    ]);
var input = serializerOptions.GetDurableSerializer<SupportTicket>().Serialize(ticket, default);
Console.WriteLine($"Starting execution of support-reply for ticket {ticket.TicketId}");
var arn = engine.StartExecution("support-reply", input, "ticket-" + ticket.TicketId);
Console.WriteLine($"  {arn}");
Console.WriteLine();

var execution = await engine.WaitForExecutionAsync(arn);

Console.WriteLine($"Result: {ConsoleReport.Status(execution.Status)}");
Console.WriteLine($"  {execution.Result ?? execution.Error?.ErrorMessage}");
Console.WriteLine($"  model asked to draft {services.Model.DraftCalls} times (one rate-limited, two drafts); {services.Mailer.Sent.Count} reply sent; virtual time elapsed {engine.UtcNow - report.Start}");
Console.WriteLine();
report.PrintHistory(engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }).Events);
Console.WriteLine();
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s of real time.");
return execution.Status == ExecutionStatus.Succeeded ? 0 : 1;
