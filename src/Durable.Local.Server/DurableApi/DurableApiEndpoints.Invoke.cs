using System.Text;
using System.Text.Json;
using Durable.Client;
using Durable.Protocol;
using Microsoft.AspNetCore.Http;

namespace Durable.Local.Server.DurableApi;

/// <summary>
/// Lambda <c>Invoke</c> of a durable function: starts an execution (named by <c>X-Amz-Durable-Execution-Name</c>)
/// and answers with its ARN in <c>X-Amz-Durable-Execution-Arn</c>. <c>RequestResponse</c> waits for the execution to
/// close and returns its result (or its error with <c>X-Amz-Function-Error: Unhandled</c>); <c>Event</c> answers 202
/// at once; <c>DryRun</c> only checks that the function exists (204).
/// </summary>
internal sealed partial class DurableApiEndpoints
{
    // On the virtual clock a synchronous invoke drives the engine; two drivers at once would interleave work items.
    private readonly SemaphoreSlim _virtualDriver = new(1, 1);

    public async Task InvokeAsync(ApiRequest request, string functionName)
    {
        var qualifier = request.Query("Qualifier");
        var function = qualifier is null ? functionName : functionName + ":" + qualifier;
        var invocationType = request.Header("X-Amz-Invocation-Type") ?? "RequestResponse";
        if (invocationType is not ("RequestResponse" or "Event" or "DryRun"))
        {
            throw ApiRequest.Invalid($"X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, not '{invocationType}'.");
        }

        var body = await request.ReadBodyAsync().ConfigureAwait(false);
        var payload = ReadPayload(body);
        var response = request.Context.Response;
        if (invocationType == "DryRun")
        {
            // Resolves the function (404 when unknown) without starting anything.
            engine.ListDurableExecutionsByFunction(new ListDurableExecutionsByFunctionRequest { FunctionName = function, MaxItems = 1 });
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var arn = engine.StartExecution(function, payload, request.Header("X-Amz-Durable-Execution-Name"));
        response.Headers["X-Amz-Durable-Execution-Arn"] = arn;
        if (invocationType == "Event")
        {
            response.StatusCode = StatusCodes.Status202Accepted;
            response.ContentLength = 0;
            return;
        }

        var execution = await WaitAsync(arn, request.Aborted).ConfigureAwait(false);
        response.Headers["X-Amz-Executed-Version"] = execution.Version ?? "$LATEST";
        byte[] result;
        switch (execution.Status)
        {
            case ExecutionStatus.Succeeded:
                result = Encoding.UTF8.GetBytes(execution.Result ?? "null");
                break;
            case ExecutionStatus.Running:
                // Only on the virtual clock: the engine went idle waiting on the outside world (a callback).
                response.StatusCode = StatusCodes.Status202Accepted;
                response.ContentLength = 0;
                return;
            default:
                response.Headers["X-Amz-Function-Error"] = "Unhandled";
                result = FunctionError(execution);
                break;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = result.Length;
        await response.Body.WriteAsync(result, request.Aborted).ConfigureAwait(false);
    }

    private async Task<GetDurableExecutionResponse> WaitAsync(string arn, CancellationToken cancellationToken)
    {
        if (engine.Options.Clock != EngineClock.Virtual)
        {
            return await engine.WaitForExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
        }

        await _virtualDriver.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await engine.WaitForExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _virtualDriver.Release();
        }
    }

    /// <summary>Lambda passes <c>{}</c> when there is no payload and rejects a payload that is not JSON.</summary>
    private static string ReadPayload(byte[] body)
    {
        if (body.Length == 0)
        {
            return "{}";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw AwsErrorResponse.BadRequest(AwsErrorResponse.InvalidRequestContent, "Could not parse request body into json: the payload is not valid JSON.");
        }

        return Encoding.UTF8.GetString(body);
    }

    /// <summary>The body Lambda returns for a function error: <c>{"errorType":…,"errorMessage":…}</c>.</summary>
    private static byte[] FunctionError(GetDurableExecutionResponse execution)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType", execution.Error?.ErrorType ?? WireNames.Of(execution.Status));
            writer.WriteString("errorMessage", execution.Error?.ErrorMessage ?? $"The durable execution ended {WireNames.Of(execution.Status)}.");
            if (execution.Error?.StackTrace is { Count: > 0 } stackTrace)
            {
                writer.WriteStartArray("stackTrace");
                foreach (var line in stackTrace)
                {
                    writer.WriteStringValue(line);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
