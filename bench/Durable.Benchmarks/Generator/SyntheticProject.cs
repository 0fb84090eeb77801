using System.Globalization;
using System.Text;

namespace Durable.Benchmarks.Generator;

/// <summary>
/// A synthetic application of <c>workflows</c> workflow classes with <c>steps</c> steps each, one file per workflow,
/// written the way users write them: records for payloads (one reaching a collection of another), instance and static
/// steps, sync and async, step contexts, cancellation tokens, configured retries, a callback and constructor services.
/// </summary>
internal static class SyntheticProject
{
    public const string Shared = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Synthetic;

        public interface IBackend
        {
            Task<decimal> PriceAsync(string sku, CancellationToken cancellationToken);
        }

        public sealed record Approval(bool Approved, string? Comment);
        """;

    public static IReadOnlyList<string> Sources(int workflows, int steps)
    {
        var sources = new List<string>(workflows + 1) { Shared };
        for (var i = 0; i < workflows; i++)
        {
            sources.Add(Workflow(i, steps));
        }

        return sources;
    }

    public static string Workflow(int index, int steps)
    {
        var n = index.ToString(CultureInfo.InvariantCulture);
        var code = new StringBuilder($$"""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Durable;

            namespace Synthetic.Flow{{n}};

            public sealed record Input{{n}}(string Id, int Count, IReadOnlyList<Line{{n}}> Lines, DateTimeOffset Submitted);

            public sealed record Line{{n}}(string Sku, int Quantity, decimal Price);

            public sealed record Output{{n}}(string Id, decimal Total, List<string> Notes, Dictionary<string, int> Counts);

            [DurableWorkflow("flow-{{n}}")]
            public sealed partial class Workflow{{n}}(IBackend backend)
            {
                public async Task<Output{{n}}> RunAsync(Input{{n}} input, IDurableContext context)
                {
                    var total = 0m;
                    var approval = await context.WaitForCallbackAsync<Approval>((id, _) => Task.CompletedTask, "approval");

            """);
        for (var s = 0; s < steps; s++)
        {
            code.Append("        total += await Steps.Step").Append(s).Append("Async(input").Append(s % 5 == 2 ? ", total" : string.Empty).Append(");\n");
        }

        code.Append($$"""
                    return new Output{{n}}(input.Id, total, [approval.Comment ?? "none"], new() { ["lines"] = input.Lines.Count });
                }

            """);
        for (var s = 0; s < steps; s++)
        {
            var step = s.ToString(CultureInfo.InvariantCulture);
            code.Append((s % 5) switch
            {
                0 => $"    [DurableStep]\n    private static decimal Step{step}(Input{n} input) => input.Count + {step};\n\n",
                1 => $"    [DurableStep(Retry = RetryPreset.Transient)]\n    private Task<decimal> Step{step}Async(Input{n} input, CancellationToken cancellationToken) => backend.PriceAsync(input.Id, cancellationToken);\n\n",
                2 => $"    [DurableStep(\"step-{step}\")]\n    private static decimal Step{step}(Input{n} input, decimal soFar) => soFar + input.Lines.Count;\n\n",
                3 => $"    [DurableStep(Semantics = StepSemantics.AtMostOncePerRetry, TimeoutSeconds = 30)]\n    private async Task<decimal> Step{step}Async(Input{n} input, IStepContext step, CancellationToken cancellationToken) => await backend.PriceAsync(step.OperationId, cancellationToken);\n\n",
                _ => $"    [DurableStep]\n    private static ValueTask<decimal> Step{step}Async(Input{n} input) => ValueTask.FromResult(input.Lines.Count * 2m);\n\n",
            });
        }

        return code.Append("}\n").ToString();
    }
}
