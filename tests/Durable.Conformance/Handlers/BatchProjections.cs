using System.Text.Json.Nodes;

namespace Durable.Conformance.Handlers;

/// <summary>The projections the batch requirements return (only the listed keys: results compare as Python dicts).</summary>
internal static class BatchProjections
{
    public static string Reason(CompletionReason reason) => reason switch
    {
        CompletionReason.MinSuccessfulReached => "MIN_SUCCESSFUL_REACHED",
        CompletionReason.FailureToleranceExceeded => "FAILURE_TOLERANCE_EXCEEDED",
        _ => "ALL_COMPLETED",
    };

    public static JsonObject Project<T>(IBatchResult<T> result, params string[] keys)
    {
        var projection = new JsonObject();
        foreach (var key in keys)
        {
            projection[key] = key switch
            {
                "completionReason" => Reason(result.CompletionReason),
                "status" => result.Status == BatchStatus.Failed ? "FAILED" : "SUCCEEDED",
                "successCount" => result.SuccessCount,
                "failureCount" => result.FailureCount,
                "totalCount" => result.TotalCount,
                "hasFailure" => result.HasFailure,
                "errorCount" => result.GetErrors().Count,
                _ => throw new ArgumentException($"Unknown projection key '{key}'."),
            };
        }

        return projection;
    }

    public static Func<IDurableContext, Task<T>> Returns<T>(T value) => _ => Task.FromResult(value);

    public static Func<IDurableContext, Task<string>> Throws(string message) => _ => Task.FromException<string>(new InvalidOperationException(message));
}
