namespace Durable.Generators.Tests.Generation;

/// <summary>Workflow sources covering the shapes the contract allows (docs/authoring.md), as users write them.</summary>
internal static class RepresentativeWorkflows
{
    /// <summary>An instance workflow with services, configured steps of every return kind and a durable callback.</summary>
    public const string Order = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Durable;

        namespace Shop.Orders;

        public sealed record Order(string OrderId, IReadOnlyList<OrderLine> Lines, string? Note = null);
        public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);
        public sealed record ValidatedOrder(string OrderId, decimal Total);
        public sealed record Receipt(string PaymentId, DateTimeOffset ChargedAt);
        public sealed record Approval(bool Approved, string? Comment);
        public enum Priority { Normal, Express }

        public interface IPayments
        {
            Task<Receipt> ChargeAsync(ValidatedOrder order, string idempotencyKey, CancellationToken cancellationToken);
        }

        /// <summary>Processes an order.</summary>
        [DurableWorkflow("order-processing", FunctionTimeoutSeconds = 300, ExecutionTimeoutSeconds = 86400)]
        public partial class OrderWorkflow(IPayments payments, TimeProvider? clock = null)
        {
            /// <summary>Runs the workflow.</summary>
            public async Task<Receipt> RunAsync(Order order, IDurableContext context)
            {
                var validated = await Steps.ValidateAsync(order, Priority.Express);
                var approval = await context.WaitForCallbackAsync<Approval>((id, _) => Task.CompletedTask, "approval");
                if (!approval.Approved)
                {
                    await Steps.CancelAsync(order.OrderId);
                    throw new InvalidOperationException("rejected");
                }

                await Steps.AuditAsync(validated.OrderId, clock?.GetUtcNow() ?? default);
                await Steps.NoteAsync(order.OrderId);
                return await Steps.ChargeAsync(validated);
            }

            [DurableStep]
            private static ValidatedOrder Validate(Order order, Priority priority) => new(order.OrderId, order.Lines.Count);

            [DurableStep(Semantics = StepSemantics.AtMostOncePerRetry, Retry = RetryPreset.Transient, TimeoutSeconds = 30)]
            private Task<Receipt> ChargeAsync(ValidatedOrder order, IStepContext step, CancellationToken cancellationToken) =>
                payments.ChargeAsync(order, step.OperationId, cancellationToken);

            [DurableStep("cancel-order", Retry = RetryPreset.None)]
            private ValueTask CancelAsync(string orderId) => ValueTask.CompletedTask;

            [DurableStep]
            private static void Audit(string orderId, DateTimeOffset at)
            {
            }

            [DurableStep]
            private static string Note(string orderId, string? text = null, Priority priority = Priority.Express, double weight = 0.5) =>
                orderId + text + priority + weight;
        }
        """;

    /// <summary>
    /// A static workflow in the global namespace without a result: ValueTask steps, a custom retry strategy, names that
    /// collide with the wrapper's own (step, cancellationToken, workflow, a keyword), a user JSON context.
    /// </summary>
    public const string StaticWithContext = """
        using System;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Durable;

        public sealed record Notice(string Text);

        public sealed class OnlyTwice : IRetryStrategy
        {
            public RetryDecision ShouldRetry(Exception exception, int attemptNumber) =>
                attemptNumber < 2 ? RetryDecision.RetryAfter(TimeSpan.FromSeconds(1)) : RetryDecision.DoNotRetry();
        }

        [JsonSerializable(typeof(Notice))]
        internal sealed partial class NoticeJsonContext : JsonSerializerContext;

        [DurableWorkflow(JsonContext = typeof(NoticeJsonContext))]
        internal static partial class Broadcast
        {
            public static async Task RunAsync(Notice notice, IDurableContext context)
            {
                var count = await Steps.SendAsync(notice, "step", 1, "@", default);
                await context.RunInChildContextAsync(async child => await Steps.On(child).SendAsync(notice, "s", count, "w", default), "again");
            }

            [DurableStep(RetryStrategy = typeof(OnlyTwice))]
            private static ValueTask<int> SendAsync(Notice notice, string step, int cancellationToken, string workflow, DateTime @event, CancellationToken token) =>
                ValueTask.FromResult(notice.Text.Length + cancellationToken);
        }
        """;

    /// <summary>A workflow nested in partial types, with an internal payload type nested inside it.</summary>
    public const string Nested = """
        using System.Threading.Tasks;
        using Durable;

        namespace Billing
        {
            public static partial class Workflows
            {
                public partial class Invoices
                {
                    [DurableWorkflow("invoice")]
                    internal sealed partial record InvoiceWorkflow
                    {
                        public async Task<Total> RunAsync(int customerId, IDurableContext context) =>
                            await Steps.SumAsync(customerId);

                        [DurableStep]
                        private Total Sum(int customerId) => new() { Amount = customerId, Currency = "EUR" };

                        internal sealed class Total
                        {
                            public decimal Amount { get; init; }

                            public required string Currency { get; set; }
                        }
                    }
                }
            }
        }
        """;
}
