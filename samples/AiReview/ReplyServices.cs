using System.Collections.Concurrent;

namespace AiReview;

/// <summary>The outside world of the pipeline: the language model, the reviewers' queue and the mail system.</summary>
/// <param name="Model">The language model.</param>
/// <param name="Reviews">Where drafts wait for a person.</param>
/// <param name="Mailer">Sends replies.</param>
public sealed record ReplyServices(FakeLanguageModel Model, ReviewQueue Reviews, Mailer Mailer);

/// <summary>
/// A deterministic stand-in for a hosted language model: keyword rules instead of a network call, and a rate limit on
/// its first drafting request, to show a durable retry.
/// </summary>
public sealed class FakeLanguageModel
{
    private int _draftCalls;

    /// <summary>The model's name, recorded with each draft.</summary>
    public string Name => "fake-llm-1";

    /// <summary>How many drafting requests reached the model.</summary>
    public int DraftCalls => _draftCalls;

    /// <summary>Reads the ticket.</summary>
    public Classification Classify(SupportTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var text = ticket.Subject + " " + ticket.Body;
        var category = text.Contains("refund", StringComparison.OrdinalIgnoreCase) ? Category.Refund
            : text.Contains("broken", StringComparison.OrdinalIgnoreCase) ? Category.Defect
            : Category.Question;
        return new Classification(category, text.Contains("urgent", StringComparison.OrdinalIgnoreCase), 0.92);
    }

    /// <summary>Summarizes an attachment.</summary>
    public async Task<AttachmentSummary> SummarizeAsync(Attachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        var firstSentence = attachment.Text.Split(". ", 2)[0].TrimEnd('.').Trim();
        return new AttachmentSummary(attachment.Name, firstSentence.Length <= 60 ? firstSentence : firstSentence[..57] + "...");
    }

    /// <summary>Writes a reply; the first request is rate-limited.</summary>
    public async Task<string> DraftAsync(SupportTicket ticket, Classification classification, IReadOnlyList<AttachmentSummary> notes, string? feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(classification);
        ArgumentNullException.ThrowIfNull(notes);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Increment(ref _draftCalls) == 1)
        {
            throw new HttpRequestException("429 Too Many Requests: the model is rate-limited, retry later.");
        }

        var reply = $"Dear {ticket.Customer}, thank you for contacting us about \"{ticket.Subject}\". " +
            (classification.Category == Category.Refund ? "We have started your refund. " : "We are looking into it. ") +
            $"We read your {notes.Count} attachment(s): {string.Join("; ", notes.Select(n => n.Summary))}.";
        return feedback is null ? reply : reply + " " + feedback.TrimEnd('.') + ".";
    }
}

/// <summary>The reviewers' queue: each draft carries the callback ID the reviewer answers with.</summary>
public sealed class ReviewQueue
{
    private readonly ConcurrentQueue<ReviewRequest> _requests = new();

    /// <summary>Puts a draft in front of the reviewers.</summary>
    public Task SubmitAsync(string ticketId, Draft draft, string callbackId)
    {
        _requests.Enqueue(new ReviewRequest(ticketId, draft, callbackId));
        return Task.CompletedTask;
    }

    /// <summary>Takes the next request, if any.</summary>
    public bool TryTake(out ReviewRequest request) => _requests.TryDequeue(out request!);
}

/// <summary>A draft waiting for a reviewer.</summary>
public sealed record ReviewRequest(string TicketId, Draft Draft, string CallbackId);

/// <summary>The mail system.</summary>
public sealed class Mailer
{
    private readonly ConcurrentQueue<string> _sent = new();

    /// <summary>The replies sent, in order.</summary>
    public IReadOnlyCollection<string> Sent => _sent;

    /// <summary>Sends a reply and returns its message ID.</summary>
    public string Send(string ticketId, string text)
    {
        _sent.Enqueue(text);
        return $"msg-{ticketId}-{_sent.Count}";
    }
}
