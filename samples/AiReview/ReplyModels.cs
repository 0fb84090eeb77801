using System.Text.Json.Serialization;

namespace AiReview;

/// <summary>A customer's support ticket.</summary>
public sealed record SupportTicket(string TicketId, string Customer, string Subject, string Body, IReadOnlyList<Attachment> Attachments);

/// <summary>A file attached to a ticket, already converted to text.</summary>
public sealed record Attachment(string Name, string Text);

/// <summary>What the ticket is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Category>))]
public enum Category
{
    /// <summary>Money back.</summary>
    Refund,

    /// <summary>Something does not work.</summary>
    Defect,

    /// <summary>Anything else.</summary>
    Question,
}

/// <summary>The model's reading of the ticket.</summary>
public sealed record Classification(Category Category, bool Urgent, double Confidence);

/// <summary>The model's summary of one attachment.</summary>
public sealed record AttachmentSummary(string Name, string Summary);

/// <summary>A reply the model wrote, for the reviewer.</summary>
public sealed record Draft(int Round, string Text, string Model);

/// <summary>What the reviewer decided about a draft.</summary>
public sealed record ReviewDecision(ReviewVerdict Verdict, string Reviewer, string? Feedback, string? EditedText);

/// <summary>The reviewer's verdict.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewVerdict>))]
public enum ReviewVerdict
{
    /// <summary>Send it (possibly with the reviewer's edits).</summary>
    Approve,

    /// <summary>Draft again with the feedback.</summary>
    RequestChanges,

    /// <summary>Do not reply automatically: a person takes over.</summary>
    Reject,
}

/// <summary>How the ticket ended.</summary>
public sealed record ReplyOutcome(string TicketId, string Status, int Rounds, string? MessageId, string? FinalText);
