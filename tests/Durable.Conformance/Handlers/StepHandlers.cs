using Durable.Conformance.Driver;
using Microsoft.Extensions.Logging;

namespace Durable.Conformance.Handlers;

/// <summary>Handlers of the <c>step</c> category (1-x).</summary>
internal static class StepHandlers
{
    internal sealed record UserProfile(string Name, List<string> Tags);

    internal sealed record ProfileResponse(UserProfile User, int Count);

    /// <summary>The error type 1-15 retries on (its name must end in <c>TransientError</c>).</summary>
    internal sealed class TransientError(string message) : Exception(message);

    [Requirement("1-1")]
    internal sealed class StepBasic : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) => await context.StepAsync(_ => $"Hello, {name}!"));
    }

    [Requirement("1-2")]
    internal sealed class StepWithName : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) => await context.StepAsync(_ => $"Hello, {name}!", "custom_step_name"));
    }

    [Requirement("1-4")]
    internal sealed class ComplexObject : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<UserProfile, ProfileResponse>(async (profile, context) =>
                await context.StepAsync(_ => new ProfileResponse(profile, profile.Tags.Count)));
    }

    [Requirement("1-6")]
    internal sealed class CustomSerdes : RequirementHandler
    {
        /// <summary>Writes strings upper-cased; reads them back as stored.</summary>
        private static readonly DurableSerializer<string> Uppercase = DurableSerializer.Create<string>(
            value => System.Text.Json.JsonSerializer.Serialize(value.ToUpperInvariant(), PayloadJson.String),
            payload => System.Text.Json.JsonSerializer.Deserialize(payload!, PayloadJson.String)!);

        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) => await context.StepAsync(_ => input, Uppercase));
    }

    [Requirement("1-7")]
    internal sealed class StepLogger : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (name, context) => await context.StepAsync(step =>
            {
                step.Logger.LogInformation("Greeting step started for: {Name}", name);
                var greeting = $"Hello, {name}!";
                step.Logger.LogInformation("Greeting step completed with: {Greeting}", greeting);
                return greeting;
            }));
    }

    [Requirement("1-8")]
    internal sealed class StepThenWait : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string>(async (_, context) =>
            {
                var value = await context.StepAsync(_ => "computed");
                await context.WaitAsync(TimeSpan.FromSeconds(2));
                return value;
            });
    }

    [Requirement("1-10")]
    internal sealed class ReplayRethrowsFailedStep : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string?>(async (_, context) =>
            {
                try
                {
                    await context.StepAsync(
                        string (step) =>
                        {
                            step.Logger.LogInformation("step executed");
                            throw new InvalidOperationException("permanent failure");
                        },
                        config: new StepConfig { RetryStrategy = RetryStrategy.None });
                }
                catch (StepException)
                {
                    // Caught on the first run and again, from the checkpoint, on replay.
                }

                await context.WaitAsync(TimeSpan.FromSeconds(1));
                return null;
            });
    }

    [Requirement("1-11")]
    internal sealed class RetryThenSucceed : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string>(async (_, context) => await context.StepAsync(
                step => step.AttemptNumber == 1 ? throw new InvalidOperationException("first attempt fails") : "Operation succeeded",
                config: new StepConfig { RetryStrategy = RetryStrategy.Exponential(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, JitterStrategy.None) }));
    }

    [Requirement("1-13")]
    internal sealed class DefaultRetry : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string>(async (_, context) => await context.StepAsync(
                step => step.AttemptNumber < 3 ? throw new InvalidOperationException($"attempt {step.AttemptNumber} fails") : "third time lucky"));
    }

    [Requirement("1-14")]
    internal sealed class CustomRetry : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string>(async (_, context) => await context.StepAsync(
                step => step.AttemptNumber < 3 ? throw new InvalidOperationException($"attempt {step.AttemptNumber} fails") : "done",
                config: new StepConfig { RetryStrategy = RetryStrategy.Exponential(5, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5), 3, JitterStrategy.None) }));
    }

    [Requirement("1-15")]
    internal sealed class RetrySpecificException : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string>(async (_, context) => await context.StepAsync(
                step => step.AttemptNumber == 1 ? throw new TransientError("temporary") : "recovered",
                config: new StepConfig
                {
                    RetryStrategy = RetryStrategy.Exponential(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, JitterStrategy.None, retryableExceptions: [typeof(TransientError)]),
                }));
    }

    [Requirement("1-18")]
    internal sealed class AtMostOnceCrash : RequirementHandler
    {
        public override bool RequiresProcess => true;

        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string, string>(async (input, context) => await context.StepAsync(
                async step =>
                {
                    step.Logger.LogInformation("step input: {Input}", input);
                    if (step.AttemptNumber == 1)
                    {
                        await environment.CrashProcess();
                    }

                    return "succeeded on second attempt";
                },
                config: new StepConfig
                {
                    Semantics = StepSemantics.AtMostOncePerRetry,
                    RetryStrategy = RetryStrategy.Exponential(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, JitterStrategy.None),
                }));
    }

    [Requirement("1-19")]
    internal sealed class PermanentFailure : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string>(async (_, context) => await context.StepAsync(
                string (_) => throw new InvalidOperationException("always fails"),
                config: new StepConfig { RetryStrategy = RetryStrategy.None }));
    }
}
