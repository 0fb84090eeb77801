using Durable.Generators.Model;

namespace Durable.Generators.Tests.Generation;

/// <summary>Which types get metadata: everything the runtime serializes for the workflow, and what they reach.</summary>
public class PayloadDiscoveryTests
{
    [Fact]
    public void Type_arguments_of_durable_calls_are_payloads_whether_written_or_inferred()
    {
        var types = DescribedTypes("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Durable;
            using Aliased = Calls.AliasedBody;

            namespace Calls;

            public sealed record AliasedBody(int X);

            public sealed record Input(int Id);
            public sealed record InvokeRequest(string Q);
            public sealed record InvokeResponse(string A);
            public sealed record MapItem(int N);
            public sealed record MapResult(int Square);
            public sealed record PollState(int Polls);
            public sealed record BranchResult(bool Ok);
            public sealed record ChildResult(string Text);
            public sealed record InlineStep(long Value);
            public sealed record CallbackBody(string Answer);
            public sealed record Unused(int Never);

            [DurableWorkflow]
            public static partial class Everything
            {
                public static async Task RunAsync(Input input, IDurableContext context)
                {
                    await context.InvokeAsync<InvokeRequest, InvokeResponse>("other:$LATEST", new InvokeRequest("q"));
                    await context.MapAsync(new List<MapItem>(), (item, value, index) => Task.FromResult(new MapResult(value.N)));
                    await context.WaitForConditionAsync((state, _) => Task.FromResult(state), new WaitForConditionConfig<PollState> { InitialState = new PollState(0) });
                    await context.ParallelAsync(new List<DurableBranch<BranchResult>>());
                    await context.RunInChildContextAsync(child => Task.FromResult(new ChildResult("c")));
                    await context.StepAsync(_ => new InlineStep(1));
                    var callback = await context.CreateCallbackAsync<CallbackBody>();
                    await callback.GetResultAsync();
                    await context.RunInChildContextAsync(async child => await child.CreateCallbackAsync<Aliased>(), "nested");
                    await context.CreateCallbackAsync<Nested.Body>();
                }

                public static class Nested
                {
                    public sealed record Body(string Text);
                }
            }
            """);

        Assert.Contains("global::Calls.Input", types);
        Assert.Contains("global::Calls.InvokeRequest", types);
        Assert.Contains("global::Calls.InvokeResponse", types);
        Assert.Contains("global::Calls.MapItem", types);
        Assert.Contains("global::Calls.MapResult", types);
        Assert.Contains("global::Calls.PollState", types);
        Assert.Contains("global::Calls.BranchResult", types);
        Assert.Contains("global::Calls.ChildResult", types);
        Assert.Contains("global::Calls.InlineStep", types);
        Assert.Contains("global::Calls.CallbackBody", types);
        Assert.Contains("global::Calls.AliasedBody", types);
        Assert.Contains("global::Calls.Everything.Nested.Body", types);
        Assert.DoesNotContain("global::Calls.Unused", types);
    }

    [Fact]
    public void Members_elements_keys_and_constructor_parameters_are_reached()
    {
        var types = DescribedTypes("""
            using System;
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            using System.Threading.Tasks;
            using Durable;

            namespace Reach;

            public sealed record Root(List<Element> Elements, Dictionary<Key, Value> ByKey, Wrapper<Inner>? Wrapped);
            public sealed record Element(DateOnly Day);
            public enum Key { A, B }
            public sealed record Value(Guid Id);
            public sealed class Wrapper<T> { public T? Item { get; set; } [JsonIgnore] public Skipped? Ignored { get; set; } }
            public sealed record Inner(Uri Link);
            public sealed record Skipped(int X);
            public sealed record ViaConstructor { [JsonConstructor] public ViaConstructor(TimeOnly at) { } }

            [DurableWorkflow]
            public static partial class Reaching
            {
                public static Task<ViaConstructor> RunAsync(Root root, IDurableContext context) => Task.FromResult(new ViaConstructor(default));
            }
            """);

        string[] expected =
        [
            "global::Reach.Root", "global::System.Collections.Generic.List<global::Reach.Element>", "global::Reach.Element", "global::System.DateOnly",
            "global::System.Collections.Generic.Dictionary<global::Reach.Key, global::Reach.Value>", "global::Reach.Key", "global::Reach.Value", "global::System.Guid",
            "global::Reach.Wrapper<global::Reach.Inner>", "global::Reach.Inner", "global::System.Uri", "global::Reach.ViaConstructor", "global::System.TimeOnly",
        ];
        Assert.All(expected, type => Assert.Contains(type, types));
        Assert.DoesNotContain("global::Reach.Skipped", types);
    }

    [Fact]
    public void Shapes_left_to_the_users_context_get_no_metadata()
    {
        var types = DescribedTypes("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Text.Json.Serialization;
            using System.Threading.Tasks;
            using Durable;

            namespace Left;

            [JsonDerivedType(typeof(Circle), "circle")]
            public abstract record Shape;
            public sealed record Circle(double Radius) : Shape;
            public interface IThing { int Id { get; } }
            public sealed class CustomList : List<int> { }
            public sealed record Holder(Shape Shape, IThing Thing, CustomList Custom, Stream Stream, (int A, int B) Tuple, int[,] Grid, Queue<int> Queue);

            [DurableWorkflow]
            public static partial class Leaving
            {
                public static Task RunAsync(Holder holder, IDurableContext context) => Task.CompletedTask;
            }
            """);

        Assert.Contains("global::Left.Holder", types);
        Assert.DoesNotContain("global::Left.Shape", types);
        Assert.DoesNotContain("global::Left.Circle", types);
        Assert.DoesNotContain("global::Left.IThing", types);
        Assert.DoesNotContain("global::Left.CustomList", types);
        Assert.DoesNotContain("global::System.IO.Stream", types);
        Assert.DoesNotContain(types, t => t.StartsWith('(') || t.Contains("[,]", StringComparison.Ordinal) || t.Contains("Queue", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> DescribedTypes(string source)
    {
        var run = GeneratorHarness.Run(source);
        run.AssertCompiles();
        var spec = (WorkflowSpec)run.RunResult.Results.Single().TrackedSteps[TrackingNames.ValidWorkflow].Single().Outputs.Single().Value;
        return spec.JsonTypes.Select(t => t.TypeName).ToList();
    }
}
