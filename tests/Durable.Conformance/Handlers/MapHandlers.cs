using System.Text.Json.Nodes;
using Durable.Conformance.Driver;
using static Durable.Conformance.Handlers.BatchProjections;

namespace Durable.Conformance.Handlers;

/// <summary>Handlers of the <c>map</c> category (9-x); most process one item at a time for a deterministic history.</summary>
internal static class MapHandlers
{
    private static MapConfig<T> Sequential<T>(CompletionConfig? completion = null) => new() { MaxConcurrency = 1, CompletionConfig = completion };

    private static Task<string> Fail(string message) => Task.FromException<string>(new InvalidOperationException(message));

    [Requirement("9-1")]
    internal sealed class MapWithSteps : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string[], IReadOnlyList<string>>(async (items, context) => (await context.MapAsync(
                items,
                async (item, value, _) => await item.StepAsync(_ => $"Hello, {value}!"),
                "map",
                Sequential<string>())).GetResults());
    }

    [Requirement("9-2")]
    internal sealed class ItemsOnly : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<int[], IReadOnlyList<int>>(async (items, context) =>
                (await context.MapAsync(items, (_, value, _) => Task.FromResult(value * 2), config: Sequential<int>())).GetResults());
    }

    [Requirement("9-4")]
    internal sealed class EmptyItems : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string[], IReadOnlyList<string>>(async (items, context) =>
                (await context.MapAsync(items, (_, value, _) => Task.FromResult(value))).GetResults());
    }

    [Requirement("9-6")]
    internal sealed class ThrowIfError : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) =>
            {
                var result = await context.MapAsync<string, string>(
                    ["a", "b"],
                    (_, value, index) => index == 0 ? Fail("item 0 fails") : Task.FromResult(value),
                    config: Sequential<string>(new CompletionConfig { ToleratedFailureCount = 0 }));
                result.ThrowIfError();
                return result.GetResults();
            });
    }

    [Requirement("9-7")]
    internal sealed class MinSuccessful : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) => Project(
                await context.MapAsync<string, string>(["a", "b", "c", "d"], (_, value, _) => Task.FromResult(value), config: Sequential<string>(new CompletionConfig { MinSuccessful = 2 })),
                "completionReason", "successCount", "totalCount"));
    }

    [Requirement("9-8")]
    internal sealed class ToleratedCount : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) => Project(
                await context.MapAsync<string, string>(["a", "b", "c"], (_, value, index) => index == 1 ? Fail("item 1 fails") : Task.FromResult(value), config: Sequential<string>(new CompletionConfig { ToleratedFailureCount = 1 })),
                "completionReason", "status", "successCount", "failureCount", "totalCount"));
    }

    [Requirement("9-12")]
    internal sealed class FlatNesting : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) => (await context.MapAsync<string, string>(
                ["fa", "fb"],
                async (item, value, _) => await item.StepAsync(_ => value),
                config: new MapConfig<string> { MaxConcurrency = 1, NestingType = NestingType.Flat })).GetResults());
    }

    [Requirement("9-13")]
    internal sealed class ItemNamer : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<int[], IReadOnlyList<int>>(async (items, context) => (await context.MapAsync(
                items,
                (_, value, _) => Task.FromResult(value * 10),
                "named-items",
                new MapConfig<int> { MaxConcurrency = 1, ItemNamer = (value, _) => $"item-{value}" })).GetResults());
    }

    [Requirement("9-14")]
    internal sealed class PerItemSerdes : RequirementHandler
    {
        /// <summary>A real round trip: "wrapped:" + value, and back.</summary>
        private static readonly DurableSerializer<string> Wrapped = DurableSerializer.Create<string>(
            value => "wrapped:" + value,
            payload => payload is not null && payload.StartsWith("wrapped:", StringComparison.Ordinal) ? payload["wrapped:".Length..] : throw new FormatException($"Not a wrapped payload: {payload}"));

        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) => (await context.MapAsync<string, string>(
                ["x", "y"],
                (_, value, _) => Task.FromResult(value.ToUpperInvariant()),
                config: new MapConfig<string, string> { MaxConcurrency = 1, ItemSerializer = Wrapped })).GetResults());
    }

    [Requirement("9-15")]
    internal sealed class WaitInsideIteration : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) => (await context.MapAsync<int, string>(
                [0, 1],
                async (item, value, _) =>
                {
                    if (value == 1)
                    {
                        await item.WaitAsync(TimeSpan.FromSeconds(1));
                    }

                    return await item.StepAsync(_ => $"r{value}");
                },
                config: Sequential<int>())).GetResults());
    }

    [Requirement("9-16")]
    internal sealed class LargeAggregate : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) => Project(
                await context.MapAsync<int, string>([0, 1, 2, 3], (_, value, _) => Task.FromResult(new string((char)('a' + value), 70 * 1024)), config: Sequential<int>()),
                "successCount", "totalCount"));
    }

    [Requirement("9-18")]
    internal sealed class FailedItemThenWait : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) =>
            {
                var result = await context.MapAsync<string, string>(
                    ["ok", "bad"],
                    (_, value, index) => index == 1 ? Fail("item 1 fails") : Task.FromResult(value),
                    config: Sequential<string>(new CompletionConfig { ToleratedFailureCount = 1 }));
                await context.WaitAsync(TimeSpan.FromSeconds(1));
                return Project(result, "completionReason", "status", "successCount", "failureCount", "totalCount");
            });
    }

    [Requirement("9-19")]
    internal sealed class OperationLevelSerdes : RequirementHandler
    {
        /// <summary>The whole result as "OPSERDE:" + comma-joined results, and back.</summary>
        private static readonly DurableSerializer<IBatchResult<string>> Whole = DurableSerializer.Create<IBatchResult<string>>(
            result => "OPSERDE:" + string.Join(",", result.GetResults()),
            payload => new BatchResult<string>(
                payload!["OPSERDE:".Length..].Split(',').Select((value, index) => new BatchItem<string>(index, null, BatchItemStatus.Succeeded, value, null)),
                CompletionReason.AllCompleted));

        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) => (await context.MapAsync<string, string>(
                ["x", "y"],
                (_, value, _) => Task.FromResult(value.ToUpperInvariant()),
                config: new MapConfig<string, string> { MaxConcurrency = 1, ResultSerializer = Whole })).GetResults());
    }
}
