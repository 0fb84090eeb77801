using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Durable.Client;
using Microsoft.AspNetCore.Http;

namespace Durable.Local.Server.DurableApi;

/// <summary>
/// Maps the model's request URIs to the endpoints, and every failure to an AWS-shaped error response. Routing works
/// on the raw target's decoded segments; an ARN that arrives with its <c>/</c> unencoded is joined back together.
/// Invariant: no request ends without a response, and no exception escapes to Kestrel.
/// </summary>
internal sealed class DurableApiRouter(DurableApiEndpoints endpoints)
{
    private const string DurableApi = "2025-12-01";
    private const string FunctionsApi = "2015-03-31";
    private static readonly string[] ExecutionSuffixes = ["checkpoint", "state", "history", "stop"];

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("D");
        try
        {
            var route = Route(context);
            if (route is null)
            {
                throw new DurableServiceException(AwsErrorResponse.UnknownOperation, $"No operation matches {context.Request.Method} {context.Request.Path}.", 404);
            }

            var (method, handler, request) = route.Value;
            if (!HttpMethods.Equals(context.Request.Method, method))
            {
                context.Response.Headers.Allow = method;
                throw new DurableServiceException(AwsErrorResponse.UnknownOperation, $"{context.Request.Method} is not allowed here; use {method}.", 405);
            }

            await handler(request).ConfigureAwait(false);
        }
        catch (DurableServiceException ex)
        {
            await WriteErrorAsync(context, ex).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception ex)
        {
            await WriteErrorAsync(context, new DurableServiceException(ServiceErrorCodes.Service, "The local engine failed: " + ex.Message, 500, ex)).ConfigureAwait(false);
        }
    }

    public static async Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int statusCode = StatusCodes.Status200OK)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(HttpContext context, DurableServiceException error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Headers.Remove("Content-Length");
        if (error.StatusCode == StatusCodes.Status413PayloadTooLarge || !await DrainBodyAsync(context).ConfigureAwait(false))
        {
            // Kestrel drops a connection whose request body it cannot finish reading; saying so lets the client open
            // a new one for its next request instead of sending it into the closing one.
            context.Response.Headers.Connection = "close";
        }

        await AwsErrorResponse.WriteAsync(context, error).ConfigureAwait(false);
    }

    // A body left unread makes Kestrel close the connection after the answer, and a client that already sent its next
    // request on that keep-alive connection sees it cut. Reading the rest (within the size limit) keeps it usable.
    private static async Task<bool> DrainBodyAsync(HttpContext context)
    {
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or InvalidOperationException)
        {
            return false; // Oversize or broken: Kestrel closes this connection.
        }
    }

    private (string Method, Func<ApiRequest, Task> Handler, ApiRequest Request)? Route(HttpContext context)
    {
        var segments = ApiRequest.ParsePath(context);
        if (segments is null || segments.Count < 3)
        {
            return null;
        }

        var request = new ApiRequest(context, segments);
        switch (segments[0], segments[1])
        {
            case (DurableApi, "durable-executions"):
                var last = segments[^1];
                if (segments.Count > 3 && Array.IndexOf(ExecutionSuffixes, last) >= 0)
                {
                    var arn = string.Join('/', segments.Skip(2).Take(segments.Count - 3));
                    return last switch
                    {
                        "checkpoint" => ("POST", r => endpoints.CheckpointAsync(r, arn), request),
                        "state" => ("GET", r => endpoints.GetStateAsync(r, arn), request),
                        "history" => ("GET", r => endpoints.GetHistoryAsync(r, arn), request),
                        _ => ("POST", r => endpoints.StopAsync(r, arn), request),
                    };
                }

                var executionArn = string.Join('/', segments.Skip(2));
                return ("GET", r => endpoints.GetExecutionAsync(r, executionArn), request);
            case (DurableApi, "functions") when segments.Count == 4 && segments[3] == "durable-executions":
                return ("GET", r => endpoints.ListByFunctionAsync(r, segments[2]), request);
            case (DurableApi, "durable-execution-callbacks") when segments.Count >= 4:
                var callbackId = string.Join('/', segments.Skip(2).Take(segments.Count - 3));
                return segments[^1] switch
                {
                    "succeed" => ("POST", r => endpoints.CallbackSuccessAsync(r, callbackId), request),
                    "fail" => ("POST", r => endpoints.CallbackFailureAsync(r, callbackId), request),
                    "heartbeat" => ("POST", r => endpoints.CallbackHeartbeatAsync(r, callbackId), request),
                    _ => null,
                };
            case (FunctionsApi, "functions") when segments.Count == 4 && segments[3] == "invocations":
                return ("POST", r => endpoints.InvokeAsync(r, segments[2]), request);
            default:
                return null;
        }
    }
}
