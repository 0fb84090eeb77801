using System.Diagnostics;
using System.Text.Json.Serialization;
using Durable;
using Durable.FunctionProcess;
using Durable.Hosting;
using Microsoft.Extensions.Logging;

// Registered by hand here (the generator does this for [DurableWorkflow] classes), then served through the Runtime
// API named by AWS_LAMBDA_RUNTIME_API; _HANDLER picks the workflow.
DurableWorkflowRegistry.Register(Workflows.Registration<JourneyInput, long>("journey", Workflows.JourneyAsync));
DurableWorkflowRegistry.Register(Workflows.Registration<int, string>("overrun", Workflows.OverrunAsync));
DurableWorkflowRegistry.Register(Workflows.Registration<string, string>("crash-once", Workflows.CrashOnceAsync));
DurableWorkflowRegistry.Register(Workflows.Registration<string, string>("greeter", Workflows.GreeterAsync));
return await DurableLambdaHost.RunAsync(args);

namespace Durable.FunctionProcess
{
    /// <summary>The input of the journey workflow.</summary>
    /// <param name="Steps">How many at-least-once steps run.</param>
    /// <param name="AtMostOnceEvery">Every n-th step is at-most-once instead.</param>
    /// <param name="StepMilliseconds">How long each step works (the window in which a kill lands).</param>
    internal sealed record JourneyInput(int Steps, int AtMostOnceEvery, int StepMilliseconds);

    [JsonSerializable(typeof(JourneyInput))]
    [JsonSerializable(typeof(long))]
    [JsonSerializable(typeof(int))]
    [JsonSerializable(typeof(string))]
    internal sealed partial class FunctionJson : JsonSerializerContext;

    internal static class Workflows
    {
        private static readonly IRetryStrategy Patient = RetryStrategy.Exponential(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1.0, JitterStrategy.None);

        public static DurableWorkflowRegistration Registration<TInput, TOutput>(string name, Func<TInput, IDurableContext, Task<TOutput>> workflow) =>
            new(name, typeof(Workflows), typeof(TInput), typeof(TOutput), options => DurableFunction.Create(
                workflow,
                options with { SerializerOptions = DurableJson.CreateOptions(FunctionJson.Default) }));

        /// <summary>
        /// Steps that each journal "begin" and "end" lines with their attempt, so a test can count how often each
        /// attempt's side effect started; returns the sum of the step numbers.
        /// </summary>
        public static async Task<long> JourneyAsync(JourneyInput input, IDurableContext context)
        {
            long sum = 0;
            for (var i = 1; i <= input.Steps; i++)
            {
                var index = i;
                var atMostOnce = input.AtMostOnceEvery > 0 && index % input.AtMostOnceEvery == 0;
                sum += await context.StepAsync(
                    async step =>
                    {
                        var kind = atMostOnce ? "at-most-once" : "at-least-once";
                        Journal($"begin {kind} {index} {step.AttemptNumber}");
                        await Task.Delay(input.StepMilliseconds, step.CancellationToken);
                        Journal($"end {kind} {index} {step.AttemptNumber}");
                        return (long)index;
                    },
                    $"step-{index}",
                    new StepConfig { Semantics = atMostOnce ? StepSemantics.AtMostOncePerRetry : StepSemantics.AtLeastOncePerRetry, RetryStrategy = Patient });
            }

            return sum;
        }

        /// <summary>A step that works longer than any function timeout the tests give it.</summary>
        public static async Task<string> OverrunAsync(int seconds, IDurableContext context) =>
            await context.StepAsync(async step =>
            {
                Journal($"begin overrun {step.AttemptNumber}");
                await Task.Delay(TimeSpan.FromSeconds(seconds), step.CancellationToken);
                return "finished";
            }, "overrun");

        /// <summary>Logs, then kills its own process in the first run of a step; the retry succeeds.</summary>
        public static async Task<string> CrashOnceAsync(string input, IDurableContext context)
        {
            context.Logger.LogInformation("Starting with {Input}", input);
            return await context.StepAsync(step =>
            {
                step.Logger.LogInformation("Step attempt {Attempt} for {Input}", step.AttemptNumber, input);
                var marker = Environment.GetEnvironmentVariable("DURABLE_TEST_MARKER")!;
                if (!File.Exists(marker))
                {
                    File.WriteAllText(marker, "crashed");

                    // Crash only once the test has seen the step's START in the history: at-least-once sends it
                    // without waiting, so a fixed pause would race it on a busy machine.
                    var release = marker + ".release";
                    var patience = Stopwatch.StartNew();
                    while (!File.Exists(release) && patience.Elapsed < TimeSpan.FromSeconds(60))
                    {
                        Thread.Sleep(10);
                    }

                    Environment.Exit(3);
                }

                return $"survived {input}";
            }, "fragile");
        }

        public static async Task<string> GreeterAsync(string name, IDurableContext context)
        {
            context.Logger.LogInformation("Greeting {Name}", name);
            var greeting = await context.StepAsync(_ => $"Hello, {name}!", "greet");
            await context.WaitAsync(TimeSpan.FromSeconds(2), "pause");
            return greeting;
        }

        private static void Journal(string line)
        {
            if (Environment.GetEnvironmentVariable("DURABLE_TEST_JOURNAL") is { Length: > 0 } path)
            {
                // One short append per line; O_APPEND keeps lines whole even when the process is killed right after.
                File.AppendAllText(path, line + "\n");
            }
        }
    }
}
