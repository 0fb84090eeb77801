using System.Text.Json.Nodes;
using Durable.Conformance.Driver;

namespace Durable.Conformance.Handlers;

/// <summary>Handlers of the <c>wait_for_callback</c> category (7-x).</summary>
internal static class WaitForCallbackHandlers
{
    /// <summary>A submitter that only receives the ID (a real one would hand it to a person or system).</summary>
    private static Task Submit(string callbackId, IWaitForCallbackContext context) => Task.CompletedTask;

    [Requirement("7-1")]
    internal sealed class WaitForCallbackBasic : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) => await context.WaitForCallbackAsync<string>(Submit, name));
    }

    [Requirement("7-2")]
    internal sealed class NamedApproval : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, string>(async (_, context) => await context.WaitForCallbackAsync<string>(Submit, "approval"));
    }

    [Requirement("7-6")]
    internal sealed class FailureCaught : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                try
                {
                    return await context.WaitForCallbackAsync<string>(Submit, name);
                }
                catch (CallbackFailedException)
                {
                    return "recovered";
                }
            });
    }

    [Requirement("7-7")]
    internal sealed class SubmitterExhausted : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) => await context.WaitForCallbackAsync<string>(
                (_, _) => throw new InvalidOperationException("the approval system is down"),
                name,
                new WaitForCallbackConfig { RetryStrategy = RetryStrategy.Fixed(TimeSpan.FromSeconds(1), maxAttempts: 2) }));
    }

    [Requirement("7-8")]
    internal sealed class InsideChildContext : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
                await context.RunInChildContextAsync(async child => await child.WaitForCallbackAsync<string>(Submit, name), "wrapper"));
    }

    [Requirement("7-10")]
    internal sealed class WaitStepThenCallback : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                await context.WaitAsync(TimeSpan.FromSeconds(1));
                await context.StepAsync(_ => "fixed data");
                return await context.WaitForCallbackAsync<string>(Submit, name);
            });
    }

    [Requirement("7-11")]
    internal sealed class JsonObjectResult : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
                (string)(await context.WaitForCallbackAsync<JsonObject>(Submit, name))["status"]!);
    }

    [Requirement("7-12")]
    internal sealed class HeartbeatTimeout : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
                await context.WaitForCallbackAsync<string>(Submit, name, new WaitForCallbackConfig { HeartbeatTimeout = TimeSpan.FromSeconds(5) }));
    }

    [Requirement("7-13")]
    internal sealed class HeartbeatThenSuccess : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
                await context.WaitForCallbackAsync<string>(Submit, name, new WaitForCallbackConfig { HeartbeatTimeout = TimeSpan.FromSeconds(10) }));
    }

    [Requirement("7-14")]
    internal sealed class TimeoutCaught : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                try
                {
                    return await context.WaitForCallbackAsync<string>(Submit, name, new WaitForCallbackConfig { Timeout = TimeSpan.FromSeconds(3) });
                }
                catch (CallbackTimeoutException)
                {
                    return "timed-out-handled";
                }
            });
    }
}
