using Durable.Testing.Roslyn;

namespace Durable.Analyzers.Tests.Determinism;

public class EnvironmentAndInvocationTests
{
    private const string ConfigurationAndLambdaSources = """
        namespace Microsoft.Extensions.Configuration
        {
            public interface IConfiguration
            {
                string? this[string key] { get; set; }
                IConfigurationSection GetSection(string key);
            }

            public interface IConfigurationSection : IConfiguration
            {
                string? Value { get; set; }
            }
        }

        namespace Amazon.Lambda.Core
        {
            public interface ILambdaLogger { void Log(string message); }

            public interface ILambdaContext
            {
                string AwsRequestId { get; }
                System.TimeSpan RemainingTime { get; }
                string LogStreamName { get; }
                string FunctionName { get; }
                ILambdaLogger Logger { get; }
            }
        }
        """;

    [Fact]
    public async Task Environment_and_configuration_reads_are_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;
            using Microsoft.Extensions.Configuration;

            public sealed class Flow(IConfiguration configuration)
            {
                public async Task<string?> RunAsync(IDurableContext context)
                {
                    var region = {|DUR1007:Environment.GetEnvironmentVariable("AWS_REGION")|};
                    var machine = {|DUR1007:Environment.MachineName|};
                    var table = {|DUR1007:configuration["Table"]|};
                    var section = {|DUR1007:configuration.GetSection("Limits")|};
                    var fromStep = await context.StepAsync(_ => Environment.GetEnvironmentVariable("AWS_REGION"));
                    return region + machine + table + section + fromStep;
                }
            }
            """,
            new() { AdditionalSources = [ConfigurationAndLambdaSources] });
    }

    [Fact]
    public async Task Invocation_scoped_values_are_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;
            using Durable.Hosting;
            using Amazon.Lambda.Core;

            public sealed class Flow(DurableInvocationInfo invocation, ILambdaContext lambda)
            {
                public async Task<string?> RunAsync(IDurableContext context)
                {
                    var trace = {|DUR1008:Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID")|};
                    var stream = {|DUR1008:Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_STREAM_NAME")|};
                    var request = {|DUR1008:invocation.RequestId|};
                    var deadline = {|DUR1008:invocation.Deadline|};
                    var awsRequest = {|DUR1008:lambda.AwsRequestId|};
                    var remaining = {|DUR1008:lambda.RemainingTime|};
                    var name = lambda.FunctionName;
                    var stable = context.DurableExecutionArn;
                    var inStep = await context.StepAsync(_ => lambda.AwsRequestId);
                    return $"{trace}{stream}{request}{deadline}{awsRequest}{remaining}{name}{stable}{inStep}";
                }
            }
            """,
            new() { AdditionalSources = [ConfigurationAndLambdaSources] });
    }

    [Fact]
    public async Task Process_randomised_hash_codes_are_reported_and_stable_ones_are_not()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;

            public sealed class Identity { }
            public sealed record Key(int Value);

            public static class Flow
            {
                public static async Task<int> RunAsync(string input, IDurableContext context)
                {
                    var a = {|DUR1010:input.GetHashCode()|};
                    var b = {|DUR1010:HashCode.Combine(input, 1)|};
                    var c = {|DUR1010:new Identity().GetHashCode()|};
                    var d = {|DUR1010:StringComparer.Ordinal.GetHashCode(input)|};
                    var stableInt = 42.GetHashCode();
                    var stableEnum = DayOfWeek.Monday.GetHashCode();
                    var record = new Key(3).GetHashCode();
                    var inStep = await context.StepAsync(_ => input.GetHashCode());
                    return a + b + c + d + stableInt + stableEnum + record + inStep;
                }
            }
            """);
    }

    [Fact]
    public async Task Logging_that_is_not_replay_aware_is_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;
            using Microsoft.Extensions.Logging;
            using Amazon.Lambda.Core;

            public sealed class Flow(ILogger<Flow> injected, ILambdaContext lambda)
            {
                private readonly ILogger _field = injected;

                public async Task RunAsync(IDurableContext context)
                {
                    {|DUR1012:Console.WriteLine("starting")|};
                    {|DUR1012:injected.LogInformation("starting")|};
                    {|DUR1012:_field.LogWarning("still starting")|};
                    {|DUR1012:lambda.Logger|}.Log("lambda logger");
                    context.Logger.LogInformation("replay-aware");
                    var logger = context.Logger;
                    logger.LogInformation("replay-aware through a local");
                    await context.StepAsync(step => { step.Logger.LogInformation("inside a step"); Console.WriteLine("fine"); });
                    Report(context.Logger);
                }

                // A logger received as a parameter may be the replay-aware one (DurableTask #717): not reported.
                private static void Report(ILogger logger) => logger.LogInformation("done");

                private static async Task HelperAsync(IDurableContext context, ILogger logger)
                {
                    logger.LogInformation("helper");
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                }
            }
            """,
            new() { AdditionalSources = [ConfigurationAndLambdaSources] });
    }
}
