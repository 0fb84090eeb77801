using System.Text.Json.Nodes;
using Durable.Conformance.Driver;

namespace Durable.Conformance.Handlers;

/// <summary>Handlers of the <c>callback</c> category (4-x).</summary>
internal static class CallbackHandlers
{
    [Requirement("4-1")]
    [Requirement("4-6")]
    internal sealed class CallbackAwaited : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                var callback = await context.CreateCallbackAsync<string>(name);
                return await callback.GetResultAsync();
            });
    }

    [Requirement("4-3")]
    internal sealed class CallbackTimesOut : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
                await (await context.CreateCallbackAsync<string>(name, new CallbackConfig { Timeout = TimeSpan.FromSeconds(5) })).GetResultAsync());
    }

    [Requirement("4-5")]
    internal sealed class CallbackWithHeartbeat : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
                await (await context.CreateCallbackAsync<string>(name, new CallbackConfig { HeartbeatTimeout = TimeSpan.FromSeconds(10) })).GetResultAsync());
    }

    [Requirement("4-7")]
    internal sealed class CallbackStepThenFailure : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                var callback = await context.CreateCallbackAsync<string>(name);
                await context.StepAsync(_ => "in between");
                return await callback.GetResultAsync();
            });
    }

    [Requirement("4-8")]
    internal sealed class CallbackStepThenTimeout : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                var callback = await context.CreateCallbackAsync<string>(name, new CallbackConfig { Timeout = TimeSpan.FromSeconds(5) });
                await context.StepAsync(_ => "in between");
                return await callback.GetResultAsync();
            });
    }

    [Requirement("4-9")]
    internal sealed class CallbackDuringWait : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                var callback = await context.CreateCallbackAsync<string>(name);
                await context.WaitAsync(TimeSpan.FromSeconds(5));
                return await callback.GetResultAsync();
            });
    }

    [Requirement("4-11")]
    internal sealed class CallbackTimesOutDuringWait : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                var callback = await context.CreateCallbackAsync<string>(name, new CallbackConfig { Timeout = TimeSpan.FromSeconds(3) });
                await context.WaitAsync(TimeSpan.FromSeconds(6));
                return await callback.GetResultAsync();
            });
    }

    [Requirement("4-12")]
    internal sealed class CallbackThenWait : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                var result = await (await context.CreateCallbackAsync<string>(name)).GetResultAsync();
                await context.WaitAsync(TimeSpan.FromSeconds(2));
                return result;
            });
    }

    [Requirement("4-14")]
    internal sealed class CallbackTimeoutCaughtThenWait : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) =>
            {
                string outcome;
                try
                {
                    outcome = await (await context.CreateCallbackAsync<string>(name, new CallbackConfig { Timeout = TimeSpan.FromSeconds(3) })).GetResultAsync();
                }
                catch (CallbackTimeoutException ex)
                {
                    outcome = "timed out: " + ex.Message;
                }

                await context.WaitAsync(TimeSpan.FromSeconds(2));
                return outcome;
            });
    }

    [Requirement("4-15")]
    internal sealed class CallbackCustomDeserializer : RequirementHandler
    {
        /// <summary>Parses the sender's JSON into an object and turns its ISO timestamp into epoch seconds.</summary>
        private static readonly DurableSerializer<JsonObject> Received = DurableSerializer.Create<JsonObject>(
            value => value.ToJsonString(),
            payload =>
            {
                var raw = JsonNode.Parse(payload!)!.AsObject();
                var seconds = DateTimeOffset.Parse((string)raw["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
                return new JsonObject { ["id"] = raw["id"]!.DeepClone(), ["message"] = raw["message"]!.DeepClone(), ["timestamp"] = seconds };
            });

        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, JsonObject>(async (name, context) =>
                new JsonObject { ["received"] = await (await context.CreateCallbackAsync(Received, name)).GetResultAsync() });
    }

    [Requirement("4-17")]
    internal sealed class TwoSequentialCallbacks : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string[], string[]>(async (names, context) =>
            {
                var a = await (await context.CreateCallbackAsync<string>(names[0])).GetResultAsync();
                var b = await (await context.CreateCallbackAsync<string>(names[1])).GetResultAsync();
                return [a, b];
            });
    }

    [Requirement("4-19")]
    internal sealed class TwoCallbacksAwaitedInReverse : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string[], string[]>(async (names, context) =>
            {
                var a = await context.CreateCallbackAsync<string>(names[0]);
                var b = await context.CreateCallbackAsync<string>(names[1]);
                var resultB = await b.GetResultAsync();
                var resultA = await a.GetResultAsync();
                return [resultA, resultB];
            });
    }
}
