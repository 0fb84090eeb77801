using System.Text;
using Durable.Protocol;

namespace Durable.Execution;

/// <summary>
/// Maps exceptions to the protocol's <see cref="ErrorObject"/> and back. Checkpointed errors are what replay sees,
/// so the mapping is the single source of the type, message and data a later invocation will rebuild.
/// </summary>
public static class ErrorObjects
{
    /// <summary>The service rejects error objects of 32 KB or more; we stay under it with room for the envelope.</summary>
    public const int MaxErrorBytes = 30 * 1024;

    /// <summary>
    /// The error of <paramref name="exception"/>: a replayed durable error keeps its original type, data and trace;
    /// any other exception contributes its full type name, message and stack trace. Oversized parts are cut.
    /// </summary>
    /// <param name="exception">The exception.</param>
    public static ErrorObject FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var error = exception is DurableOperationException replayed
            ? replayed.ToErrorObject()
            : new ErrorObject
            {
                ErrorType = exception.GetType().FullName ?? exception.GetType().Name,
                ErrorMessage = exception.Message,
                StackTrace = SplitStackTrace(exception.StackTrace),
            };
        return Truncate(error);
    }

    /// <summary>Cuts the stack trace, then the data and message, until the error fits <see cref="MaxErrorBytes"/>.</summary>
    /// <param name="error">The error; modified in place.</param>
    public static ErrorObject Truncate(ErrorObject error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var size = EstimateBytes(error);
        if (size > MaxErrorBytes && error.StackTrace is { Count: > 0 } trace)
        {
            // Drop the deepest frames first; measure once and subtract, so deep traces stay linear.
            var keep = trace.Count;
            while (size > MaxErrorBytes && keep > 0)
            {
                keep--;
                size -= JsonSize.OfString(trace[keep]) + 1;
            }

            trace.RemoveRange(keep, trace.Count - keep);
        }

        if (size > MaxErrorBytes)
        {
            error.ErrorData = Cut(error.ErrorData, MaxErrorBytes / 2);
            error.ErrorMessage = Cut(error.ErrorMessage, MaxErrorBytes / 4);
            error.ErrorType = Cut(error.ErrorType, 1024);
        }

        return error;
    }

    /// <summary>An upper bound of the serialized size of the error.</summary>
    /// <param name="error">The error.</param>
    public static int EstimateBytes(ErrorObject? error)
    {
        if (error is null)
        {
            return 0;
        }

        var size = 80 + JsonSize.OfString(error.ErrorType) + JsonSize.OfString(error.ErrorMessage) + JsonSize.OfString(error.ErrorData);
        if (error.StackTrace is { } trace)
        {
            foreach (var frame in trace)
            {
                size += JsonSize.OfString(frame) + 1;
            }
        }

        return size;
    }

    private static List<string>? SplitStackTrace(string? stackTrace) =>
        string.IsNullOrEmpty(stackTrace)
            ? null
            : stackTrace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string? Cut(string? text, int maxBytes)
    {
        if (text is null || JsonSize.OfString(text) <= maxBytes)
        {
            return text;
        }

        // Worst case 6 bytes per char once escaped; keep the start, which carries the meaning.
        var keep = Math.Max(0, (maxBytes / 6) - 16);
        var builder = new StringBuilder(keep + 16);
        builder.Append(text, 0, Math.Min(keep, text.Length)).Append("… [truncated]");
        return builder.ToString();
    }
}

/// <summary>Upper bounds of JSON sizes, for batching checkpoints under the request limit without serializing twice.</summary>
internal static class JsonSize
{
    /// <summary>
    /// Bytes of <paramref name="text"/> as a JSON string under any encoder: quotes, 2 bytes for escaped ASCII, 6 for
    /// control characters and for anything non-ASCII (the default encoder writes <c>\uXXXX</c>).
    /// </summary>
    public static int OfString(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        long size = 2;
        foreach (var c in text)
        {
            size += c switch
            {
                '"' or '\\' => 2,
                < ' ' => 6,
                < (char)0x7F => 1,
                _ => 6,
            };
        }

        return size > int.MaxValue ? int.MaxValue : (int)size;
    }
}
