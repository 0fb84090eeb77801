using Durable;
using Microsoft.Extensions.Logging;

namespace OrderProcessing;

/// <summary>
/// The order workflow: validate, get a manager's approval, charge, reserve stock, wait for the warehouse pick-up
/// window, ship. Every side effect is a <c>[DurableStep]</c> method called through its generated wrapper
/// (<c>Steps.ProcessPaymentAsync(...)</c>), so a crash or a suspension never repeats a charge and never loses a
/// reservation; while the approver thinks (up to a week), the execution costs nothing. The generator also writes the
/// JSON metadata of every payload type and the workflow's registration; the outside world arrives by constructor
/// injection, a new instance for every invocation.
/// </summary>
/// <param name="services">The outside world (approval inbox, payment provider, warehouse, carrier).</param>
[DurableWorkflow("order-processing")]
public sealed partial class OrderWorkflow(OrderServices services)
{
    /// <summary>How long an approver has to answer.</summary>
    public static readonly TimeSpan ApprovalTimeout = TimeSpan.FromDays(7);

    /// <summary>How long the warehouse holds a reserved order before the carrier collects it.</summary>
    public static readonly TimeSpan PickupWindow = TimeSpan.FromHours(2);

    /// <summary>Runs the workflow.</summary>
    /// <param name="order">The submitted order.</param>
    /// <param name="context">The durable context.</param>
    public async Task<OrderConfirmation> RunAsync(Order order, IDurableContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.LogInformation("Processing order {OrderId}", order.OrderId);

        var validated = await Steps.ValidateOrderAsync(order);

        // The approver gets the callback ID (by e-mail, in this sample an inbox) and answers it from outside.
        var decision = await context.WaitForCallbackAsync<ApprovalDecision>(
            (callbackId, _) => services.Approvals.RequestAsync(order.OrderId, validated.Total, callbackId),
            "manager-approval",
            new WaitForCallbackConfig { Timeout = ApprovalTimeout });
        if (!decision.Approved)
        {
            throw new OrderRejectedException($"Order {order.OrderId} was rejected by {decision.Approver}: {decision.Comment}");
        }

        var payment = await Steps.ProcessPaymentAsync(validated);
        var reservation = await Steps.ReserveInventoryAsync(order);

        await context.WaitAsync(PickupWindow, "await-pickup-window");

        var shipment = await Steps.ArrangeShippingAsync(order.OrderId, order.ShippingAddress);

        context.Logger.LogInformation("Order {OrderId} shipped as {Tracking}", order.OrderId, shipment.TrackingNumber);
        return new OrderConfirmation(order.OrderId, payment.PaymentId, reservation.ReservationId, shipment.TrackingNumber, validated.Total);
    }

    [DurableStep("validate-order")]
    private static ValidatedOrder ValidateOrder(Order order)
    {
        if (order.Lines.Count == 0)
        {
            throw new ArgumentException($"Order {order.OrderId} has no lines.");
        }

        if (order.Lines.Any(l => l.Quantity <= 0 || l.UnitPrice < 0))
        {
            throw new ArgumentException($"Order {order.OrderId} has a line with a non-positive quantity or a negative price.");
        }

        return new ValidatedOrder(order.OrderId, order.CustomerId, order.Lines.Sum(l => l.Quantity * l.UnitPrice), order.Lines.Sum(l => l.Quantity));
    }

    // Charging twice is worse than failing: the start is acknowledged before the card is charged, and an interrupted
    // charge goes to the retry strategy instead of silently running again.
    [DurableStep("process-payment", Semantics = StepSemantics.AtMostOncePerRetry, Retry = RetryPreset.Transient)]
    private Task<PaymentReceipt> ProcessPaymentAsync(ValidatedOrder order, IStepContext step, CancellationToken cancellationToken) =>
        services.Payments.ChargeAsync(order.CustomerId, order.Total, step.AttemptNumber, cancellationToken);

    [DurableStep("reserve-inventory")]
    private Reservation ReserveInventory(Order order) => services.Warehouse.Reserve(order);

    [DurableStep("arrange-shipping")]
    private Shipment ArrangeShipping(string orderId, string address) => services.Carrier.Book(orderId, address);
}

/// <summary>Stand-ins for the approval inbox, payment provider, warehouse and carrier; the payment provider times out once.</summary>
public sealed class OrderServices
{
    /// <summary>Where approval requests go.</summary>
    public ApprovalInbox Approvals { get; } = new();

    /// <summary>The payment provider.</summary>
    public FlakyPaymentProvider Payments { get; } = new();

    /// <summary>The warehouse.</summary>
    public Warehouse Warehouse { get; } = new();

    /// <summary>The carrier.</summary>
    public Carrier Carrier { get; } = new();
}

/// <summary>An approver's inbox: each request carries the callback ID the approver answers with.</summary>
public sealed class ApprovalInbox
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<ApprovalRequest> _requests = new();

    /// <summary>Delivers a request.</summary>
    public Task RequestAsync(string orderId, decimal total, string callbackId)
    {
        _requests.Enqueue(new ApprovalRequest(orderId, total, callbackId));
        return Task.CompletedTask;
    }

    /// <summary>Takes the next request, if any.</summary>
    public bool TryTake(out ApprovalRequest request) => _requests.TryDequeue(out request!);
}

/// <summary>One approval request.</summary>
public sealed record ApprovalRequest(string OrderId, decimal Total, string CallbackId);

/// <summary>The approver said no.</summary>
public sealed class OrderRejectedException(string message) : Exception(message);

/// <summary>A payment provider whose first call times out, to show a durable retry.</summary>
public sealed class FlakyPaymentProvider
{
    /// <summary>How many charges reached the provider.</summary>
    public int Calls { get; private set; }

    /// <summary>Charges the customer.</summary>
    public async Task<PaymentReceipt> ChargeAsync(string customerId, decimal amount, int attempt, CancellationToken cancellationToken)
    {
        Calls++;
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (attempt == 1)
        {
            throw new TimeoutException($"The payment provider did not answer for customer {customerId}.");
        }

        return new PaymentReceipt($"pay-{customerId}-{amount:0.00}", amount, attempt);
    }
}

/// <summary>The warehouse.</summary>
public sealed class Warehouse
{
    /// <summary>Holds stock for the order.</summary>
    public Reservation Reserve(Order order) => new($"res-{order.OrderId}", order.Lines.Select(l => l.Sku).ToList());
}

/// <summary>The carrier.</summary>
public sealed class Carrier
{
    /// <summary>Books the shipment.</summary>
    public Shipment Book(string orderId, string address) => new($"TRK-{orderId.ToUpperInvariant()}-{address.Length:000}", "Parcelforce");
}
