using Durable;
using Microsoft.Extensions.Logging;

namespace AiReview;

/// <summary>
/// An AI pipeline with a person in the loop: the model reads a support ticket, summarizes its attachments (one map item
/// each, two at a time), drafts a reply, and a reviewer approves it, edits it, asks for another draft or takes over.
/// Every model call is a checkpointed step, so a crash or a rate limit never pays for the same completion twice, and
/// while the reviewer takes their time (up to two days a round) the execution costs nothing.
/// </summary>
/// <param name="services">The model, the reviewers' queue and the mail system.</param>
[DurableWorkflow("support-reply", ExecutionTimeoutSeconds = 14 * 24 * 3600)]
public sealed partial class SupportReplyWorkflow(ReplyServices services)
{
    /// <summary>Drafts a reviewer can ask for before a person takes over.</summary>
    public const int MaxRounds = 3;

    /// <summary>How long a reviewer has for each draft.</summary>
    public static readonly TimeSpan ReviewTimeout = TimeSpan.FromDays(2);

    /// <summary>Runs the pipeline.</summary>
    /// <param name="ticket">The ticket to answer.</param>
    /// <param name="context">The durable context.</param>
    public async Task<ReplyOutcome> RunAsync(SupportTicket ticket, IDurableContext context)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(context);
        var classification = await Steps.ClassifyAsync(ticket);
        context.Logger.LogInformation("Ticket {TicketId} is a {Category}", ticket.TicketId, classification.Category);

        // Each attachment in its own map item: Steps checkpoints in the item whose code calls it.
        var summaries = await context.MapAsync(
            ticket.Attachments,
            async (item, attachment, _) => await Steps.SummarizeAsync(attachment),
            "summarize-attachments",
            new MapConfig<Attachment> { MaxConcurrency = 2, ItemNamer = (attachment, _) => attachment.Name });
        summaries.ThrowIfError();
        var notes = summaries.GetResults();

        string? feedback = null;
        for (var round = 1; round <= MaxRounds; round++)
        {
            var draft = await Steps.DraftReplyAsync(ticket, classification, notes, feedback, round);
            var decision = await context.WaitForCallbackAsync<ReviewDecision>(
                (callbackId, _) => services.Reviews.SubmitAsync(ticket.TicketId, draft, callbackId),
                $"review-{round}",
                new WaitForCallbackConfig { Timeout = ReviewTimeout });
            switch (decision.Verdict)
            {
                case ReviewVerdict.Approve:
                    var text = decision.EditedText ?? draft.Text;
                    var messageId = await Steps.SendReplyAsync(ticket.TicketId, text);
                    return new ReplyOutcome(ticket.TicketId, "sent", round, messageId, text);
                case ReviewVerdict.Reject:
                    await Steps.EscalateAsync(ticket.TicketId, decision.Feedback ?? "rejected by " + decision.Reviewer);
                    return new ReplyOutcome(ticket.TicketId, "escalated", round, null, null);
                default:
                    feedback = decision.Feedback;
                    break;
            }
        }

        await Steps.EscalateAsync(ticket.TicketId, $"no approved draft after {MaxRounds} rounds");
        return new ReplyOutcome(ticket.TicketId, "escalated", MaxRounds, null, null);
    }

    [DurableStep("classify")]
    private Classification Classify(SupportTicket ticket) => services.Model.Classify(ticket);

    [DurableStep("summarize")]
    private Task<AttachmentSummary> SummarizeAsync(Attachment attachment, CancellationToken cancellationToken) =>
        services.Model.SummarizeAsync(attachment, cancellationToken);

    // Completions cost money and hit rate limits: retried with back-off, each attempt capped at a minute.
    [DurableStep("draft-reply", Retry = RetryPreset.Transient, TimeoutSeconds = 60)]
    private async Task<Draft> DraftReplyAsync(SupportTicket ticket, Classification classification, IReadOnlyList<AttachmentSummary> notes, string? feedback, int round, CancellationToken cancellationToken) =>
        new(round, await services.Model.DraftAsync(ticket, classification, notes, feedback, cancellationToken), services.Model.Name);

    // A reply must not go out twice: an attempt interrupted by a crash goes to the retry strategy instead of re-running.
    [DurableStep("send-reply", Semantics = StepSemantics.AtMostOncePerRetry)]
    private string SendReply(string ticketId, string text) => services.Mailer.Send(ticketId, text);

    [DurableStep("escalate")]
    private static void Escalate(string ticketId, string reason) =>
        Console.WriteLine($"  [help desk] ticket {ticketId} handed to a person: {reason}");
}
