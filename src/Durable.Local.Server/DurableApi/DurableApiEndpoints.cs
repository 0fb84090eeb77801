using System.Text;
using System.Text.Json;
using Durable.Client;
using Durable.Protocol;
using Microsoft.AspNetCore.Http;

namespace Durable.Local.Server.DurableApi;

/// <summary>
/// The durable-execution operations of the service model, each reading its members from where the model puts them
/// (URI, query string, headers, JSON body or whole-body payload) and answering with the engine's result in rest-json
/// (epoch-second timestamps). Validation of values is the engine's; this layer only rejects what cannot be parsed.
/// </summary>
internal sealed partial class DurableApiEndpoints(LocalDurableEngine engine)
{
    public async Task CheckpointAsync(ApiRequest request, string arn)
    {
        var body = await request.ReadJsonObjectAsync().ConfigureAwait(false);
        List<OperationUpdate>? updates = null;
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("Updates", out var updatesElement) && updatesElement.ValueKind != JsonValueKind.Null)
        {
            if (updatesElement.ValueKind != JsonValueKind.Array)
            {
                throw ApiRequest.Invalid("Updates must be a list.");
            }

            updates = ApiRequest.Deserialize(updatesElement, ProtocolJson.ApiTypeInfo<List<OperationUpdate>>(), "Updates");
        }

        var response = await engine.CheckpointDurableExecutionAsync(
            new CheckpointDurableExecutionRequest
            {
                DurableExecutionArn = arn,
                CheckpointToken = ApiRequest.StringMember(body, "CheckpointToken")!,
                Updates = updates,
                ClientToken = ApiRequest.StringMember(body, "ClientToken"),
            },
            request.Aborted).ConfigureAwait(false);
        await DurableApiRouter.WriteJsonAsync(request.Context, response, ProtocolJson.ApiTypeInfo<CheckpointDurableExecutionResponse>()).ConfigureAwait(false);
    }

    public async Task GetStateAsync(ApiRequest request, string arn)
    {
        var response = await engine.GetDurableExecutionStateAsync(
            new GetDurableExecutionStateRequest
            {
                DurableExecutionArn = arn,
                CheckpointToken = request.Query("CheckpointToken")!,
                Marker = request.Query("Marker"),
                MaxItems = request.QueryInt("MaxItems"),
            },
            request.Aborted).ConfigureAwait(false);
        await DurableApiRouter.WriteJsonAsync(request.Context, response, ProtocolJson.ApiTypeInfo<GetDurableExecutionStateResponse>()).ConfigureAwait(false);
    }

    public Task GetExecutionAsync(ApiRequest request, string arn) =>
        DurableApiRouter.WriteJsonAsync(request.Context, engine.GetDurableExecution(arn), ProtocolJson.ApiTypeInfo<GetDurableExecutionResponse>());

    public Task GetHistoryAsync(ApiRequest request, string arn)
    {
        var response = engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest
        {
            DurableExecutionArn = arn,
            IncludeExecutionData = request.QueryBool("IncludeExecutionData"),
            MaxItems = request.QueryInt("MaxItems"),
            Marker = request.Query("Marker"),
            ReverseOrder = request.QueryBool("ReverseOrder"),
        });
        return DurableApiRouter.WriteJsonAsync(request.Context, response, ProtocolJson.ApiTypeInfo<GetDurableExecutionHistoryResponse>());
    }

    public Task ListByFunctionAsync(ApiRequest request, string functionName)
    {
        List<ExecutionStatus>? statuses = null;
        foreach (var value in request.QueryList("Statuses"))
        {
            // botocore repeats the member; some clients send one comma-separated value.
            foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!WireNames.TryParse(name, out ExecutionStatus status))
                {
                    throw ApiRequest.Invalid($"'{name}' is not an execution status (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, STOPPED).");
                }

                (statuses ??= []).Add(status);
            }
        }

        var response = engine.ListDurableExecutionsByFunction(new ListDurableExecutionsByFunctionRequest
        {
            FunctionName = functionName,
            Qualifier = request.Query("Qualifier"),
            DurableExecutionName = request.Query("DurableExecutionName"),
            Statuses = statuses,
            StartedAfter = request.QueryTimestamp("StartedAfter"),
            StartedBefore = request.QueryTimestamp("StartedBefore"),
            ReverseOrder = request.QueryBool("ReverseOrder"),
            Marker = request.Query("Marker"),
            MaxItems = request.QueryInt("MaxItems"),
        });
        return DurableApiRouter.WriteJsonAsync(request.Context, response, ProtocolJson.ApiTypeInfo<ListDurableExecutionsByFunctionResponse>());
    }

    public async Task StopAsync(ApiRequest request, string arn)
    {
        var error = await request.ReadErrorPayloadAsync().ConfigureAwait(false);
        var response = engine.StopDurableExecution(new StopDurableExecutionRequest { DurableExecutionArn = arn, Error = error });
        await DurableApiRouter.WriteJsonAsync(request.Context, response, ProtocolJson.ApiTypeInfo<StopDurableExecutionResponse>()).ConfigureAwait(false);
    }

    public async Task CallbackSuccessAsync(ApiRequest request, string callbackId)
    {
        var body = await request.ReadBodyAsync().ConfigureAwait(false);
        engine.SendCallbackSuccess(callbackId, body);
        await WriteEmptyAsync(request).ConfigureAwait(false);
    }

    public async Task CallbackFailureAsync(ApiRequest request, string callbackId)
    {
        var error = await request.ReadErrorPayloadAsync().ConfigureAwait(false);
        engine.SendCallbackFailure(callbackId, error);
        await WriteEmptyAsync(request).ConfigureAwait(false);
    }

    public async Task CallbackHeartbeatAsync(ApiRequest request, string callbackId)
    {
        await request.ReadBodyAsync().ConfigureAwait(false);
        engine.SendCallbackHeartbeat(callbackId);
        await WriteEmptyAsync(request).ConfigureAwait(false);
    }

    private static Task WriteEmptyAsync(ApiRequest request)
    {
        var response = request.Context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = 2;
        return response.Body.WriteAsync("{}"u8.ToArray(), request.Aborted).AsTask();
    }
}
