using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;
using Durable.Protocol;

namespace Durable.Conformance.Driver;

/// <summary>How one requirement ended, as the official runner reports it.</summary>
internal enum RequirementStatus
{
    Passed,
    Failed,
    OptionalFailed,
    NotImplemented,
    Uncovered,
}

/// <summary>The outcome of one requirement, with the reasons for anything but a pass.</summary>
internal sealed record RequirementOutcome(Requirement Requirement, RequirementStatus Status, IReadOnlyList<string> Reasons, string? HistoryJson)
{
    public static string Label(RequirementStatus status) => status switch
    {
        RequirementStatus.Passed => "PASSED",
        RequirementStatus.Failed => "FAILED",
        RequirementStatus.OptionalFailed => "OPTIONAL_FAILED",
        RequirementStatus.NotImplemented => "NOT_IMPLEMENTED",
        _ => "UNCOVERED",
    };
}

/// <summary>
/// Runs one requirement against the local engine on the virtual clock, the way AWS's runner runs it against the
/// service: substitute variables, start the execution with <c>json.dumps(Input)</c>, send the callback actions
/// (event-driven: after each invocation the history is polled, and each matched action is sent after its delay,
/// the delays of one poll adding up as the runner's blocking sleeps do), then match the history (one read with
/// execution data), the result and the logs.
/// </summary>
internal static class RequirementRunner
{
    /// <summary>A real-time guard per requirement; runs finish in milliseconds on the virtual clock.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    public static async Task<RequirementOutcome> RunAsync(Requirement requirement, int seed, ConformanceTransport transport = ConformanceTransport.InProcess)
    {
        var handler = HandlerCatalog.Create(requirement.Id);
        if (handler is null)
        {
            return new RequirementOutcome(requirement, RequirementStatus.Uncovered, ["No C# handler implements this requirement."], null);
        }

        if (handler.NotImplementedReason is { } reason)
        {
            return new RequirementOutcome(requirement, RequirementStatus.NotImplemented, [reason], null);
        }

        var errors = new List<string>();
        var context = new PlaceholderContext();
        context.BindVariables(requirement.Variables, new Random(seed));
        var payload = PythonJson.Dumps(context.SubstituteDeep(requirement.Input));

        if (handler.RequiresProcess)
        {
            transport = ConformanceTransport.Process;
        }

        await using var environment = new ConformanceEnvironment(seed, requirement.Id);
        await using var http = transport == ConformanceTransport.Http ? await HttpTransport.StartAsync(environment) : null;
        await using var process = transport == ConformanceTransport.Process ? await ProcessTransport.StartAsync(environment) : null;
        handler.Register(environment);
        var engine = environment.Engine;
        var arn = engine.StartExecution(ConformanceEnvironment.FunctionUnderTest, payload);

        var callbacks = new CallbackSender(engine, arn, new CallbackActionMatcher(requirement.CallbackActions, context), errors);
        if (requirement.AsyncInvoke)
        {
            // The runner sends callbacks only on the async path.
            engine.InvocationCompleted += (_, invocation) =>
            {
                if (invocation.DurableExecutionArn == arn)
                {
                    callbacks.Poll();
                }
            };
        }

        using var limit = new CancellationTokenSource(RunLimit);
        try
        {
            await engine.RunUntilAsync(() => engine.GetDurableExecution(arn).Status != ExecutionStatus.Running, limit.Token);
        }
        catch (OperationCanceledException)
        {
            errors.Add($"The run did not settle within {RunLimit.TotalSeconds} s of real time.");
        }

        var execution = engine.GetDurableExecution(arn);
        var history = HistoryJson(engine, arn);
        var events = (JsonArray)JsonNode.Parse(history)!["Events"]!;
        errors.AddRange(HistoryMatcher.Match(requirement.ExpectedHistory, events, context, requirement.AsyncInvoke).Errors);
        if (requirement.ExpectedResult is not null && execution.Status == ExecutionStatus.Running)
        {
            errors.Add("The execution is still RUNNING: it waits on something nothing provides (no matching callback action?).");
        }

        errors.AddRange(ResultValidator.Validate(requirement.ExpectedResult, WireNames.Of(execution.Status), execution.Result, context));
        if (requirement.ExpectedLogs.Count > 0)
        {
            errors.AddRange(LogValidator.Validate(LinesOf(environment, arn), requirement.ExpectedLogs, context));
        }

        var status = errors.Count == 0
            ? RequirementStatus.Passed
            : requirement.Optional ? RequirementStatus.OptionalFailed : RequirementStatus.Failed;
        return new RequirementOutcome(requirement, status, errors, history);
    }

    private static string HistoryJson(Local.LocalDurableEngine engine, string arn) =>
        JsonSerializer.Serialize(
            engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }),
            ProtocolJson.ApiTypeInfo<GetDurableExecutionHistoryResponse>());

    /// <summary>What CloudWatch's filter would return: top-level JSON lines whose execution ARN field is this execution.</summary>
    private static List<string> LinesOf(ConformanceEnvironment environment, string arn) =>
        environment.LogLines.Where(line =>
        {
            var record = LogValidator.ParseRecord(line);
            return (record["durableExecutionArn"] ?? record["executionArn"])?.ToString() == arn;
        }).ToList();

    /// <summary>Discovers callbacks in the history and sends the matching actions on the engine's clock.</summary>
    private sealed class CallbackSender(Local.LocalDurableEngine engine, string arn, CallbackActionMatcher matcher, List<string> errors)
    {
        private DateTimeOffset _nextFree = DateTimeOffset.MinValue;

        public void Poll()
        {
            var events = (JsonArray)JsonNode.Parse(HistoryJson(engine, arn))!["Events"]!;
            foreach (var dispatch in matcher.Poll(events))
            {
                // The runner sleeps each delay in its polling thread, so delays of one poll add up.
                var start = engine.UtcNow > _nextFree ? engine.UtcNow : _nextFree;
                var due = start + dispatch.Action.DelayTime;
                _nextFree = due;
                engine.ScheduleAt(due, () => Send(dispatch));
            }

            foreach (var error in matcher.Errors.Except(errors).ToList())
            {
                errors.Add(error);
            }
        }

        private void Send(CallbackDispatch dispatch)
        {
            try
            {
                switch (dispatch.Action.Operation)
                {
                    case CallbackOperation.Success:
                        engine.SendCallbackSuccess(dispatch.CallbackId, CallbackPayloads.SuccessResult(dispatch.Action) ?? []);
                        break;
                    case CallbackOperation.Failure:
                        var error = CallbackPayloads.FailureError(dispatch.Action);
                        engine.SendCallbackFailure(dispatch.CallbackId, error is null ? null : new ErrorObject
                        {
                            ErrorType = error.ErrorType,
                            ErrorMessage = error.ErrorMessage,
                            ErrorData = error.ErrorData,
                            StackTrace = error.StackTrace?.ToList(),
                        });
                        break;
                    default:
                        engine.SendCallbackHeartbeat(dispatch.CallbackId);

                        // A heartbeat leaves the callback open for a later action: look again right away.
                        Poll();
                        break;
                }
            }
            catch (Exception ex)
            {
                errors.Add($"Sending {dispatch.Action.Operation} to callback '{dispatch.CallbackName}' failed: {ex.Message}");
            }
        }
    }
}
