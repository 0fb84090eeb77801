using Durable.Conformance.Driver;
using Microsoft.Extensions.Logging;

namespace Durable.Conformance.Handlers;

/// <summary>Handlers of the <c>child</c> category (3-x).</summary>
internal static class ChildHandlers
{
    private static readonly StepConfig NoRetry = new() { RetryStrategy = RetryStrategy.None };

    [Requirement("3-1")]
    internal sealed class ChildWithOneStep : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) =>
                await context.RunInChildContextAsync(async child => await child.StepAsync(_ => input)));
    }

    [Requirement("3-3")]
    internal sealed class ChildWithTwoSteps : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) =>
                await context.RunInChildContextAsync(
                    async child =>
                    {
                        var first = await child.StepAsync(_ => input, "first");
                        return await child.StepAsync(_ => first, "second");
                    },
                    "child"));
    }

    [Requirement("3-4")]
    internal sealed class ChildStepFails : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string>(async (_, context) =>
                await context.RunInChildContextAsync(
                    async child => await child.StepAsync(string (_) => throw new InvalidOperationException("child step failed"), "failing", NoRetry),
                    "child"));
    }

    [Requirement("3-6")]
    internal sealed class NestedChildren : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) =>
                await context.RunInChildContextAsync(
                    async outer =>
                    {
                        await outer.StepAsync(_ => input, "outer-step");
                        return await outer.RunInChildContextAsync(async inner => await inner.StepAsync(_ => input, "inner-step"), "inner");
                    },
                    "outer"));
    }

    [Requirement("3-7")]
    internal sealed class ChildStepRetries : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) =>
                await context.RunInChildContextAsync(
                    async child => await child.StepAsync(
                        step => step.AttemptNumber == 1 ? throw new InvalidOperationException("first attempt fails") : input,
                        "flaky",
                        new StepConfig { RetryStrategy = RetryStrategy.Fixed(TimeSpan.FromSeconds(1), 3) }),
                    "child"));
    }

    [Requirement("3-9")]
    internal sealed class ChildCachedOnReplay : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) =>
            {
                var result = await context.RunInChildContextAsync(async child => await child.StepAsync(_ => input));
                await context.WaitAsync(TimeSpan.FromSeconds(2));
                return result;
            });
    }

    [Requirement("3-12")]
    internal sealed class CrashInsideChildStep : RequirementHandler
    {
        public override bool RequiresProcess => true;

        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) =>
                await context.RunInChildContextAsync(
                    async child => await child.StepAsync(
                        async _ =>
                        {
                            if (environment.FirstTime("crash"))
                            {
                                await environment.CrashProcess();
                            }

                            return input;
                        },
                        "crashing-step"),
                    "child"));
    }

    [Requirement("3-13")]
    internal sealed class WaitOnlyChildThenStep : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) =>
            {
                await context.RunInChildContextAsync(
                    async child =>
                    {
                        await child.WaitAsync(TimeSpan.FromSeconds(1));
                        return input;
                    },
                    "waiting-child");
                return await context.StepAsync(_ => input, "after");
            });
    }

    [Requirement("3-14")]
    internal sealed class ChildCustomSerdes : RequirementHandler
    {
        /// <summary>Writes the result upper-cased and raw (not JSON); reads it back as stored.</summary>
        private static readonly DurableSerializer<string> Uppercase = DurableSerializer.Create<string>(value => value.ToUpperInvariant(), payload => payload ?? string.Empty);

        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) =>
                await context.RunInChildContextAsync(async child => await child.StepAsync(_ => input), Uppercase, "upper"));
    }

    [Requirement("3-15")]
    internal sealed class ChildThrowsDirectly : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string>(async (_, context) =>
                await context.RunInChildContextAsync<string>(_ => throw new InvalidOperationException("thrown without any operation"), "thrower"));
    }

    [Requirement("3-17")]
    internal sealed class ChildOnlyLogs : RequirementHandler
    {
        // Replay logging stays on, so a second (wrong) run of the child body would log a second line.
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(
                async (input, context) =>
                {
                    var result = await context.RunInChildContextAsync(
                        child =>
                        {
                            child.Logger.LogInformation("child received {Input}", input);
                            return Task.FromResult(input);
                        },
                        "logging-child");
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    return result;
                },
                options => new Durable.Hosting.DurableFunctionOptions
                {
                    SerializerOptions = options.SerializerOptions,
                    LoggerFactory = options.LoggerFactory,
                    ReplayAwareLogging = false,
                });
    }

    [Requirement("3-18")]
    internal sealed class MixedInsideAndAfterChild : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) =>
            {
                await context.RunInChildContextAsync(
                    async child =>
                    {
                        var value = await child.StepAsync(_ => input, "inner-step");
                        await child.WaitAsync(TimeSpan.FromSeconds(1));
                        return value;
                    },
                    "child");
                var outer = await context.StepAsync(_ => input, "outer-step");
                await context.WaitAsync(TimeSpan.FromSeconds(1));
                return outer;
            });
    }
}
