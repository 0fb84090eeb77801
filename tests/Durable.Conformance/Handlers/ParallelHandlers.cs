using System.Text.Json.Nodes;
using Durable.Conformance.Driver;
using static Durable.Conformance.Handlers.BatchProjections;

namespace Durable.Conformance.Handlers;

/// <summary>Handlers of the <c>parallel</c> category (8-x); most run one branch at a time for a deterministic history.</summary>
internal static class ParallelHandlers
{
    private static ParallelConfig Sequential(CompletionConfig? completion = null) => new() { MaxConcurrency = 1, CompletionConfig = completion };

    [Requirement("8-1")]
    internal sealed class TwoBranchesWithSteps : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) => (await context.ParallelAsync<string>(
                [async b => await b.StepAsync(_ => "task-1"), async b => await b.StepAsync(_ => "task-2")],
                "parallel",
                Sequential())).GetResults());
    }

    [Requirement("8-2")]
    internal sealed class BranchesOnly : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) =>
                (await context.ParallelAsync([Returns("alpha"), Returns("beta")], config: Sequential())).GetResults());
    }

    [Requirement("8-4")]
    internal sealed class HeterogeneousResults : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<JsonNode?>>(async (_, context) => (await context.ParallelAsync<JsonNode?>(
                [Returns<JsonNode?>(JsonValue.Create("hello")), Returns<JsonNode?>(JsonValue.Create(42)), Returns<JsonNode?>(new JsonObject { ["k"] = "v" })],
                config: Sequential())).GetResults());
    }

    [Requirement("8-5")]
    internal sealed class EmptyBranches : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) =>
                (await context.ParallelAsync(Array.Empty<Func<IDurableContext, Task<string>>>())).GetResults());
    }

    [Requirement("8-6")]
    internal sealed class FailFast : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) => Project(
                await context.ParallelAsync([Returns("ok"), Throws("branch 1 fails"), Returns("never")], config: Sequential(new CompletionConfig { ToleratedFailureCount = 0 })),
                "completionReason", "status", "successCount", "failureCount", "totalCount"));
    }

    [Requirement("8-8")]
    internal sealed class MinSuccessful : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) => Project(
                await context.ParallelAsync([Returns("a"), Returns("b"), Returns("c"), Returns("d")], config: Sequential(new CompletionConfig { MinSuccessful = 2 })),
                "completionReason", "successCount", "totalCount"));
    }

    [Requirement("8-10")]
    internal sealed class ToleratedCountExceeded : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) => Project(
                await context.ParallelAsync([Throws("0 fails"), Throws("1 fails"), Returns("never")], config: Sequential(new CompletionConfig { ToleratedFailureCount = 1 })),
                "completionReason", "successCount", "failureCount", "totalCount"));
    }

    [Requirement("8-11")]
    internal sealed class ConcurrencyTwo : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) =>
                (await context.ParallelAsync([Returns("r0"), Returns("r1"), Returns("r2")], config: new ParallelConfig { MaxConcurrency = 2 })).GetResults());
    }

    [Requirement("8-13")]
    internal sealed class ToleratedPercentageExceeded : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) => Project(
                await context.ParallelAsync([Throws("0 fails"), Throws("1 fails"), Returns("c"), Returns("d")], config: Sequential(new CompletionConfig { ToleratedFailurePercentage = 25 })),
                "completionReason", "successCount", "failureCount", "totalCount"));
    }

    [Requirement("8-14")]
    internal sealed class BranchSuspendsOnWait : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) => (await context.ParallelAsync<string>(
                [
                    async b => await b.StepAsync(_ => "b0"),
                    async b =>
                    {
                        await b.WaitAsync(TimeSpan.FromSeconds(2));
                        return "b1";
                    },
                ],
                "replay",
                Sequential())).GetResults());
    }

    [Requirement("8-16")]
    internal sealed class AllFailWithinTolerance : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) => Project(
                await context.ParallelAsync([Throws("a"), Throws("b"), Throws("c")], config: Sequential(new CompletionConfig { ToleratedFailureCount = 3 })),
                "completionReason", "status", "successCount", "failureCount", "totalCount"));
    }

    [Requirement("8-18")]
    internal sealed class MinSuccessfulAndToleratedCount : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) => Project(
                await context.ParallelAsync([Throws("0"), Throws("1"), Returns("c"), Returns("d")], config: Sequential(new CompletionConfig { MinSuccessful = 3, ToleratedFailureCount = 1 })),
                "completionReason", "successCount", "failureCount", "totalCount"));
    }

    [Requirement("8-19")]
    internal sealed class InvalidConcurrency : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<string>>(async (_, context) =>
                (await context.ParallelAsync([Returns("a"), Returns("b")], config: new ParallelConfig { MaxConcurrency = 0 })).GetResults());
    }

    [Requirement("8-20")]
    internal sealed class Accessors : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, JsonObject>(async (_, context) =>
            {
                var result = await context.ParallelAsync([Returns("a"), Throws("b"), Returns("c")], config: Sequential(new CompletionConfig { ToleratedFailureCount = 1 }));
                return new JsonObject
                {
                    ["hasFailure"] = result.HasFailure,
                    ["successCount"] = result.Succeeded.Count,
                    ["failureCount"] = result.Failed.Count,
                    ["errorCount"] = result.GetErrors().Count,
                };
            });
    }

    [Requirement("8-21")]
    internal sealed class NestedParallel : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<JsonNode?, IReadOnlyList<IReadOnlyList<string>>>(async (_, context) => (await context.ParallelAsync<IReadOnlyList<string>>(
                [
                    async outer => (await outer.ParallelAsync<string>(
                        [async inner => await inner.StepAsync(_ => "i1"), async inner => await inner.StepAsync(_ => "i2")],
                        config: Sequential())).GetResults(),
                ],
                config: Sequential())).GetResults());
    }
}
