using System.Text.Json.Nodes;
using Durable.Conformance.Driver;

namespace Durable.Conformance.Handlers;

/// <summary>Handlers of the <c>wait_for_condition</c> category (6-x).</summary>
internal static class ConditionHandlers
{
    internal sealed record JobState(string Status, int Attempts);

    private static Task<int> CountTo(IDurableContext context, int initial, int threshold, IWaitStrategy<int>? strategy = null) =>
        context.WaitForConditionAsync(
            (state, _) => Task.FromResult(state + 1),
            new WaitForConditionConfig<int> { InitialState = initial, WaitStrategy = strategy ?? WaitStrategy.Exponential<int>(state => state >= threshold) });

    [Requirement("6-1")]
    internal sealed class PollToThreshold : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<int, int>((threshold, context) => CountTo(context, 0, threshold));
    }

    [Requirement("6-2")]
    internal sealed class MetOnFirstCheck : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<int, int>(async (initial, context) => await context.WaitForConditionAsync(
                (state, _) => Task.FromResult(state),
                new WaitForConditionConfig<int> { InitialState = initial, WaitStrategy = WaitStrategy.Exponential<int>(state => state >= 5) }));
    }

    [Requirement("6-4")]
    internal sealed class CustomInitialState : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<int, int>((threshold, context) => CountTo(context, 5, threshold));
    }

    [Requirement("6-5")]
    internal sealed class FixedDelay : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<int, int>((threshold, context) => CountTo(context, 0, threshold, WaitStrategy.Fixed<int>(TimeSpan.FromSeconds(2), state => state >= threshold)));
    }

    [Requirement("6-7")]
    internal sealed class CheckThrows : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, int>(async (_, context) => await context.WaitForConditionAsync(
                (int _, IConditionCheckContext _) => Task.FromException<int>(new InvalidOperationException("check failed")),
                new WaitForConditionConfig<int> { InitialState = 0 }));
    }

    [Requirement("6-9")]
    internal sealed class ObjectState : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JobState>(async (_, context) => await context.WaitForConditionAsync(
                (state, _) =>
                {
                    var attempts = state.Attempts + 1;
                    return Task.FromResult(new JobState(attempts >= 2 ? "DONE" : "PENDING", attempts));
                },
                new WaitForConditionConfig<JobState>
                {
                    InitialState = new JobState("PENDING", 0),
                    WaitStrategy = WaitStrategy.Exponential<JobState>(state => state.Status != "PENDING"),
                }));
    }

    [Requirement("6-10")]
    internal sealed class NullFinalState : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonNode?>(async (_, context) => await context.WaitForConditionAsync(
                (JsonNode? _, IConditionCheckContext _) => Task.FromResult<JsonNode?>(null),
                new WaitForConditionConfig<JsonNode?> { InitialState = null, WaitStrategy = WaitStrategy.Exponential<JsonNode?>(_ => true) }));
    }

    [Requirement("6-12")]
    internal sealed class ConditionThenStep : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<int, int>(async (threshold, context) =>
            {
                var reached = await CountTo(context, 0, threshold);
                return await context.StepAsync(_ => reached * 10);
            });
    }

    [Requirement("6-13")]
    internal sealed class TwoConditions : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, int>(async (_, context) =>
            {
                var first = await CountTo(context, 0, 2);
                return await CountTo(context, first, 4);
            });
    }
}
