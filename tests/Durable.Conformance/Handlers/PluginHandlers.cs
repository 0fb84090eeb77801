using System.Globalization;
using System.Text.Json.Nodes;
using Durable.Conformance.Driver;
using Durable.Instrumentation;
using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Conformance.Handlers;

/// <summary>
/// The <c>plugin</c> category (10-x): handlers configured with test plugins that print one JSON record per hook to
/// standard output, stamped with the execution ARN captured at invocation start, as the Python handlers do.
/// </summary>
internal static class PluginHandlers
{
    private static readonly IRetryStrategy RetryOnceAfterOneSecond = RetryStrategy.Exponential(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1.0, JitterStrategy.None);

    private static void RegisterWithPlugins<TInput, TOutput>(ConformanceEnvironment environment, Func<TInput, IDurableContext, Task<TOutput>> workflow, params IDurablePlugin[] plugins) =>
        environment.Register(workflow, options => options with { Plugins = plugins });

    private static Task<string> Greet(IDurableContext context, string input, string? name = null) =>
        context.StepAsync(step =>
        {
            step.Logger.LogInformation("Greeting step running for: {Input}", input);
            return $"Hello, {input}!";
        }, name);

    [Requirement("10-1")]
    [Requirement("10-7")]
    internal sealed class InvocationLifecycle : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var plugin = new LifecyclePlugin(environment, "CONFPLUGIN");
            if (environment.RequirementId == "10-7")
            {
                RegisterWithPlugins<JsonNode?, string>(environment, async (_, context) =>
                    await context.StepAsync(AlwaysFails, config: new StepConfig { RetryStrategy = RetryStrategy.None }), plugin);
            }
            else
            {
                RegisterWithPlugins<string, string>(environment, (input, context) => Greet(context, input), plugin);
            }
        }

        private static string AlwaysFails(IStepContext step) => throw new InvalidOperationException("always fails");

        private sealed class LifecyclePlugin(ConformanceEnvironment environment, string name) : RecordingPlugin(environment, name)
        {
            public override void OnInvocationStart(InvocationStartInfo info)
            {
                base.OnInvocationStart(info);
                Emit("invocation-start", ("first", info.IsFirstInvocation));
            }

            public override void OnInvocationEnd(InvocationEndInfo info) =>
                Emit("invocation-end", ("status", Token(info.Status)));
        }
    }

    [Requirement("10-3")]
    [Requirement("10-15")]
    internal sealed class AttemptHooks : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var alwaysFails = environment.RequirementId == "10-15";
            RegisterWithPlugins<JsonNode?, string>(
                environment,
                async (_, context) => await context.StepAsync(
                    step => alwaysFails || step.AttemptNumber == 1
                        ? throw new InvalidOperationException($"attempt {step.AttemptNumber} fails")
                        : "Operation succeeded",
                    config: new StepConfig { RetryStrategy = RetryOnceAfterOneSecond }),
                new AttemptPlugin(environment));
        }

        private sealed class AttemptPlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN")
        {
            public override void OnAttemptStart(AttemptInfo info)
            {
                if (info.Operation.Type == OperationType.Step)
                {
                    Emit("attempt-start", ("n", info.AttemptNumber), ("op", info.Operation.Id));
                }
            }

            public override void OnAttemptEnd(AttemptInfo info)
            {
                if (info.Operation.Type == OperationType.Step)
                {
                    Emit("attempt-end", ("n", info.AttemptNumber), ("outcome", Token(info.Outcome)), ("op", info.Operation.Id));
                }
            }

            public override void OnOperationEnd(DurableOperationInfo info)
            {
                if (info.Type == OperationType.Step)
                {
                    Emit("operation-end", ("op", info.Id), ("status", Token(info.Status)));
                }
            }
        }
    }

    [Requirement("10-4")]
    [Requirement("10-17")]
    internal sealed class FaultyPlugins : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            IDurablePlugin[] plugins = environment.RequirementId == "10-17"
                ? [new FaultyPlugin(environment), new HealthyPlugin(environment)]
                : [new FaultyPlugin(environment)];
            RegisterWithPlugins<string, string>(environment, (input, context) => Greet(context, input), plugins);
        }

        /// <summary>Logs, then throws from every hook.</summary>
        private sealed class FaultyPlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN-FAULTY")
        {
            public override void OnInvocationStart(InvocationStartInfo info)
            {
                base.OnInvocationStart(info);
                Fail("invocation-start");
            }

            public override void OnInvocationEnd(InvocationEndInfo info) => Fail("invocation-end");

            public override void OnOperationStart(DurableOperationInfo info) => FailFor(info, "operation-start");

            public override void OnOperationEnd(DurableOperationInfo info) => FailFor(info, "operation-end");

            public override void OnAttemptStart(AttemptInfo info) => FailFor(info.Operation, "attempt-start");

            public override void OnAttemptEnd(AttemptInfo info) => FailFor(info.Operation, "attempt-end");

            private void FailFor(DurableOperationInfo operation, string hook)
            {
                if (operation.Type == OperationType.Step)
                {
                    Fail(hook);
                }
            }

            private void Fail(string hook)
            {
                Emit(hook);
                throw new InvalidOperationException($"faulty plugin fails in {hook}");
            }
        }

        private sealed class HealthyPlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN-HEALTHY")
        {
            public override void OnInvocationStart(InvocationStartInfo info)
            {
                base.OnInvocationStart(info);
                Emit("invocation-start", ("first", info.IsFirstInvocation));
            }

            public override void OnInvocationEnd(InvocationEndInfo info) => Emit("invocation-end", ("status", Token(info.Status)));

            public override void OnOperationStart(DurableOperationInfo info) => EmitFor(info, "operation-start", ("op", info.Id));

            public override void OnOperationEnd(DurableOperationInfo info) => EmitFor(info, "operation-end", ("op", info.Id), ("status", Token(info.Status)));

            public override void OnAttemptStart(AttemptInfo info) => EmitFor(info.Operation, "attempt-start", ("op", info.Operation.Id));

            public override void OnAttemptEnd(AttemptInfo info) => EmitFor(info.Operation, "attempt-end", ("op", info.Operation.Id), ("outcome", Token(info.Outcome)));

            private void EmitFor(DurableOperationInfo operation, string hook, params (string Name, object? Value)[] fields)
            {
                if (operation.Type == OperationType.Step)
                {
                    Emit(hook, fields);
                }
            }
        }
    }

    [Requirement("10-8")]
    internal sealed class OperationChange : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            RegisterWithPlugins<string, string>(environment, (input, context) => Greet(context, input), new ChangePlugin(environment));

        private sealed class ChangePlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN")
        {
            public override void OnOperationChange(OperationChangeInfo info)
            {
                foreach (var (id, operation) in info.UpdatedOperations)
                {
                    if (operation.Type == OperationType.Step)
                    {
                        Emit("operation-change", ("op", id), ("status", Token(operation.Status)), ("in_full_map", info.Operations.ContainsKey(id)));
                    }
                }
            }
        }
    }

    [Requirement("10-9")]
    internal sealed class UpdatedOnInvoke : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            RegisterWithPlugins<JsonNode?, string>(
                environment,
                async (_, context) =>
                {
                    await context.WaitAsync(TimeSpan.FromSeconds(2));
                    return "done";
                },
                new UpdatedPlugin(environment));

        private sealed class UpdatedPlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN")
        {
            public override void OnInvocationStart(InvocationStartInfo info)
            {
                base.OnInvocationStart(info);
                foreach (var (id, operation) in info.UpdatedOperations)
                {
                    if (operation.Type == OperationType.Wait)
                    {
                        Emit("updated-on-invoke", ("op", id), ("status", Token(operation.Status)), ("first", info.IsFirstInvocation));
                    }
                }
            }
        }
    }

    [Requirement("10-10")]
    [Requirement("10-13")]
    internal sealed class OperationHooks : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            if (environment.RequirementId == "10-10")
            {
                RegisterWithPlugins<JsonNode?, string>(
                    environment,
                    async (_, context) =>
                    {
                        await context.WaitAsync(TimeSpan.FromSeconds(2));
                        return "done";
                    },
                    new OperationPlugin(environment, OperationType.Wait, withType: true));
                return;
            }

            RegisterWithPlugins<JsonNode?, string>(
                environment,
                async (_, context) =>
                {
                    await context.StepAsync(_ => "a", "step-a");
                    return await context.StepAsync(
                        step => step.AttemptNumber == 1 ? throw new InvalidOperationException("first attempt fails") : "Operation succeeded",
                        "step-b",
                        new StepConfig { RetryStrategy = RetryOnceAfterOneSecond });
                },
                new OperationPlugin(environment, OperationType.Step, withType: false));
        }

        private sealed class OperationPlugin(ConformanceEnvironment environment, OperationType filter, bool withType) : RecordingPlugin(environment, "CONFPLUGIN")
        {
            public override void OnOperationStart(DurableOperationInfo info)
            {
                if (info.Type == filter)
                {
                    Emit("operation-start", withType ? [("op", info.Id), ("type", Token(info.Type))] : [("op", info.Id), ("replay", info.IsReplay)]);
                }
            }

            public override void OnOperationEnd(DurableOperationInfo info)
            {
                if (info.Type == filter)
                {
                    Emit("operation-end", withType
                        ? [("op", info.Id), ("type", Token(info.Type)), ("status", Token(info.Status))]
                        : [("op", info.Id), ("status", Token(info.Status))]);
                }
            }
        }
    }

    [Requirement("10-12")]
    internal sealed class BranchFunctions : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            RegisterWithPlugins<JsonNode?, IReadOnlyList<string>>(
                environment,
                async (_, context) => (await context.ParallelAsync<string>(
                    [_ => Task.FromResult("task-1"), _ => Task.FromResult("task-2")],
                    "parallel",
                    new ParallelConfig { MaxConcurrency = 1 })).GetResults(),
                new BranchPlugin(environment));

        private sealed class BranchPlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN")
        {
            public override void OnUserFunctionStart(UserFunctionInfo info)
            {
                if (info.Operation.SubType == OperationSubTypes.ParallelBranch)
                {
                    Emit("fn-start", ("op", info.Operation.Id), ("parent", info.Operation.ParentId ?? "NONE"));
                }
            }

            public override void OnUserFunctionEnd(UserFunctionInfo info)
            {
                if (info.Operation.SubType == OperationSubTypes.ParallelBranch)
                {
                    Emit("fn-end", ("op", info.Operation.Id), ("parent", info.Operation.ParentId ?? "NONE"), ("outcome", Token(info.Outcome)));
                }
            }
        }
    }

    [Requirement("10-19")]
    internal sealed class InvocationInfoShape : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            RegisterWithPlugins<string, string>(
                environment,
                async (input, context) =>
                {
                    await context.WaitAsync(TimeSpan.FromSeconds(2));
                    return "done-" + input;
                },
                new DumpPlugin(environment));

        private sealed class DumpPlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN")
        {
            public override void OnInvocationStart(InvocationStartInfo info)
            {
                base.OnInvocationStart(info);
                var record = Dump(info);
                record["updatedOperationsCount"] = info.UpdatedOperations.Count;
                Emit("invocation-start", record);
            }

            public override void OnInvocationEnd(InvocationEndInfo info)
            {
                var record = Dump(info);
                record["status"] = Token(info.Status);
                record["terminal"] = info.IsTerminal;
                if (info.ExecutionError is { } error)
                {
                    record["executionError"] = error.ErrorMessage;
                }

                Emit("invocation-end", record);
            }

            private static JsonObject Dump(InvocationInfo info)
            {
                var record = new JsonObject { ["isFirstInvocation"] = info.IsFirstInvocation };
                Add(record, "requestId", info.RequestId);
                record["operationsCount"] = info.Operations.Count;
                Add(record, "executionStartTimestamp", Iso(info.ExecutionStartTimestamp));
                return record;
            }
        }
    }

    [Requirement("10-20")]
    internal sealed class OperationInfoShape : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            RegisterWithPlugins<JsonNode?, string>(environment, async (_, context) => await context.StepAsync(_ => "task-a", "greet"), new DumpPlugin(environment));

        private sealed class DumpPlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN")
        {
            public override void OnOperationStart(DurableOperationInfo info)
            {
                if (info.Type == OperationType.Step)
                {
                    Emit("operation-start", DumpOperation(info));
                }
            }

            public override void OnOperationEnd(DurableOperationInfo info)
            {
                if (info.Type == OperationType.Step)
                {
                    Emit("operation-end", DumpOperation(info));
                }
            }
        }
    }

    [Requirement("10-22")]
    internal sealed class ChangeInfoShape : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            RegisterWithPlugins<JsonNode?, string>(environment, async (_, context) => await context.StepAsync(_ => "task-a", "greet"), new DumpPlugin(environment));

        private sealed class DumpPlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN")
        {
            public override void OnOperationChange(OperationChangeInfo info)
            {
                foreach (var (id, operation) in info.UpdatedOperations)
                {
                    if (operation.Type != OperationType.Step)
                    {
                        continue;
                    }

                    var record = new JsonObject
                    {
                        ["executionArn"] = info.DurableExecutionArn,
                        ["updatedOperationsCount"] = info.UpdatedOperations.Count,
                        ["operationsCount"] = info.Operations.Count,
                        ["inFullMap"] = info.Operations.ContainsKey(id),
                    };
                    foreach (var (key, value) in DumpOperation(operation))
                    {
                        record[key] = value?.DeepClone();
                    }

                    Emit("operation-change", record);
                }
            }
        }
    }

    [Requirement("10-23")]
    internal sealed class ContextInfoShape : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            RegisterWithPlugins<JsonNode?, IReadOnlyList<string>>(
                environment,
                async (_, context) => (await context.ParallelAsync<string>(
                    [
                        new DurableBranch<string>("branch-a", async branch =>
                        {
                            await branch.StepAsync(_ => "x", "inner");
                            await branch.WaitAsync(TimeSpan.FromSeconds(2));
                            return "a-done";
                        }),
                        new DurableBranch<string>("branch-b", _ => Task.FromResult("b-done")),
                    ],
                    "ctx",
                    new ParallelConfig { MaxConcurrency = 1 })).GetResults(),
                new DumpPlugin(environment));

        private sealed class DumpPlugin(ConformanceEnvironment environment) : RecordingPlugin(environment, "CONFPLUGIN")
        {
            public override void OnOperationStart(DurableOperationInfo info)
            {
                if (info.Type == OperationType.Context)
                {
                    Emit("operation-start", DumpOperation(info));
                }
            }

            public override void OnUserFunctionStart(UserFunctionInfo info)
            {
                if (info.Operation.Type == OperationType.Context)
                {
                    var record = DumpOperation(info.Operation);
                    record["isReplayingChildren"] = info.IsReplayingChildren;
                    Emit("fn-start", record);
                }
            }
        }
    }

    /// <summary>The canonical camelCase dump of an operation info: unset fields are omitted.</summary>
    private static JsonObject DumpOperation(DurableOperationInfo info)
    {
        var record = new JsonObject { ["id"] = info.Id };
        Add(record, "name", info.Name);
        record["type"] = Token(info.Type);
        Add(record, "subType", info.SubType);
        Add(record, "parentId", info.ParentId);
        Add(record, "status", info.Status is { } status ? WireNames.Of(status) : null);
        Add(record, "startTimestamp", Iso(info.StartTimestamp));
        Add(record, "endTimestamp", Iso(info.EndTimestamp));
        Add(record, "error", info.Error?.ErrorMessage);
        if (info.Attempt is { } attempt)
        {
            record["attempt"] = attempt;
        }

        record["isReplay"] = info.IsReplay;
        return record;
    }

    private static void Add(JsonObject record, string name, string? value)
    {
        if (value is not null)
        {
            record[name] = value;
        }
    }

    private static string? Iso(DateTimeOffset? timestamp) => timestamp?.ToString("O", CultureInfo.InvariantCulture);

    private static string Token(OperationType type) => WireNames.Of(type);

    private static string? Token(OperationStatus? status) => status is { } value ? WireNames.Of(value) : null;

    private static string? Token(InvocationStatus? status) => status is { } value ? WireNames.Of(value) : null;

    private static string? Token(HookOutcome? outcome) => outcome switch
    {
        HookOutcome.Succeeded => "SUCCEEDED",
        HookOutcome.Failed => "FAILED",
        _ => null,
    };

    /// <summary>
    /// A test plugin: captures the execution ARN at invocation start and prints single-line JSON records
    /// <c>{"plugin", "hook", ...fields, "durableExecutionArn"}</c> to the function's standard output.
    /// </summary>
    private abstract class RecordingPlugin(ConformanceEnvironment environment, string name) : IDurablePlugin
    {
        private string? _arn;

        public virtual void OnInvocationStart(InvocationStartInfo info) => _arn = info.DurableExecutionArn;

        public virtual void OnInvocationEnd(InvocationEndInfo info)
        {
        }

        public virtual void OnOperationStart(DurableOperationInfo info)
        {
        }

        public virtual void OnOperationEnd(DurableOperationInfo info)
        {
        }

        public virtual void OnAttemptStart(AttemptInfo info)
        {
        }

        public virtual void OnAttemptEnd(AttemptInfo info)
        {
        }

        public virtual void OnUserFunctionStart(UserFunctionInfo info)
        {
        }

        public virtual void OnUserFunctionEnd(UserFunctionInfo info)
        {
        }

        public virtual void OnOperationChange(OperationChangeInfo info)
        {
        }

        protected void Emit(string hook, params (string Name, object? Value)[] fields)
        {
            var record = new JsonObject();
            foreach (var (field, value) in fields)
            {
                record[field] = value switch
                {
                    null => null,
                    bool flag => flag,
                    int number => number,
                    string text => text,
                    _ => value.ToString(),
                };
            }

            Emit(hook, record);
        }

        protected void Emit(string hook, JsonObject fields)
        {
            var record = new JsonObject { ["plugin"] = name, ["hook"] = hook };
            foreach (var (key, value) in fields)
            {
                record[key] = value?.DeepClone();
            }

            record["durableExecutionArn"] = _arn;
            environment.WriteStdout(record.ToJsonString());
        }
    }
}
