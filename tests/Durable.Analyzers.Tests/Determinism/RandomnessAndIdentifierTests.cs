namespace Durable.Analyzers.Tests.Determinism;

public class RandomnessAndIdentifierTests
{
    [Fact]
    public async Task Seedless_randomness_and_injected_generators_are_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;
            using System.Security.Cryptography;

            public sealed class Flow(Random injected)
            {
                private readonly Random _field = new Random(7);

                public async Task<int> RunAsync(IDurableContext context)
                {
                    var a = {|DUR1002:new Random()|}.Next();
                    var b = {|DUR1002:Random.Shared|}.Next(10);
                    var c = {|DUR1002:RandomNumberGenerator.GetInt32(100)|};
                    var d = {|DUR1002:injected.Next()|};
                    var e = {|DUR1002:_field.NextDouble()|};
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    return a + b + c + d + (int)e;
                }
            }
            """);
    }

    [Fact]
    public async Task Seeded_local_generators_and_randomness_in_steps_are_not_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<int> RunAsync(int seed, IDurableContext context)
                {
                    var seeded = new Random(42);
                    var fromInput = new Random(seed);
                    var stepValue = await context.StepAsync(_ => Random.Shared.Next());
                    return seeded.Next() + fromInput.Next(5) + stepValue;
                }

                private static int Pick(Random random) => random.Next();
            }
            """);
    }

    [Fact]
    public async Task Identifier_generation_is_reported_in_workflow_code_only()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<string> RunAsync(IDurableContext context)
                {
                    var id = {|DUR1003:Guid.NewGuid()|};
                    var v7 = {|DUR1003:Guid.CreateVersion7()|};
                    var file = {|DUR1003:Path.GetRandomFileName()|};
                    var ids = Enumerable.Range(0, 3).Select(_ => {|DUR1003:Guid.NewGuid()|}).ToList();
                    Func<Guid> make = {|DUR1003:Guid.NewGuid|};
                    var inStep = await context.StepAsync(_ => Guid.NewGuid());
                    return $"{id}{v7}{file}{ids.Count}{inStep}";
                }
            }
            """);
    }
}
