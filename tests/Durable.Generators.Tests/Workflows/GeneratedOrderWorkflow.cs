using System.Collections.Concurrent;

namespace Durable.Generators.Tests.Workflows;

public sealed record OrderRequest(string OrderId, string Sku, int Quantity);

public sealed record ValidatedRequest(string OrderId, string Sku, int Quantity);

public sealed record OrderOutcome(string OrderId, int Reserved, string Shipment, int FlakyAttempts, string Greeting);

/// <summary>A service the workflow gets from dependency injection.</summary>
public interface IInventory
{
    int Reserve(string sku, int quantity);
}

/// <summary>Records what ran, so tests can tell executed steps from replayed ones.</summary>
public sealed class StepLog
{
    private readonly ConcurrentQueue<string> _entries = new();
    private int _instances;

    public IReadOnlyList<string> Entries => [.. _entries];

    public int Instances => _instances;

    public void Add(string entry) => _entries.Enqueue(entry);

    public void InstanceCreated() => Interlocked.Increment(ref _instances);
}

public sealed class CountingInventory : IInventory
{
    public int Reserve(string sku, int quantity) => quantity * 10;
}

/// <summary>
/// A workflow with every kind of step: static and instance, sync and async (Task, ValueTask), void, with a step
/// context and a cancellation token, a custom name, a retry preset with at-most-once semantics, a step inside a child
/// context, and constructor services (one optional).
/// </summary>
[DurableWorkflow("generated-order", FunctionTimeoutSeconds = 120, ExecutionTimeoutSeconds = 3600)]
public sealed partial class GeneratedOrderWorkflow
{
    private readonly IInventory _inventory;
    private readonly StepLog _log;
    private readonly string _greeting;

    public GeneratedOrderWorkflow(IInventory inventory, StepLog log, string greeting = "hello")
    {
        _inventory = inventory;
        _log = log;
        _greeting = greeting;
        log.InstanceCreated();
    }

    public async Task<OrderOutcome> RunAsync(OrderRequest request, IDurableContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var validated = await Steps.ValidateAsync(request);
        await context.WaitAsync(TimeSpan.FromMinutes(5), "cool-down");
        var reserved = await Steps.ReserveAsync(validated.Sku, validated.Quantity);
        var shipment = await context.RunInChildContextAsync(async child => await Steps.ShipAsync(validated.OrderId), "shipping");
        await Steps.NotifyAsync(validated.OrderId);
        var attempts = await Steps.FlakyAsync();
        await Steps.On(context).AuditAsync("done");
        return new OrderOutcome(validated.OrderId, reserved, shipment, attempts, _greeting);
    }

    [DurableStep]
    private static ValidatedRequest Validate(OrderRequest request) =>
        request.Quantity > 0 ? new ValidatedRequest(request.OrderId, request.Sku, request.Quantity) : throw new ArgumentException("Quantity must be positive.", nameof(request));

    [DurableStep("reserve-stock")]
    private int Reserve(string sku, int quantity)
    {
        _log.Add("reserve");
        return _inventory.Reserve(sku, quantity);
    }

    [DurableStep]
    private ValueTask<string> ShipAsync(string orderId, IStepContext step)
    {
        _log.Add("ship");
        return ValueTask.FromResult($"{orderId}/{step.Name}/{step.AttemptNumber}");
    }

    [DurableStep]
    private async Task NotifyAsync(string orderId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        _log.Add("notify " + orderId);
    }

    [DurableStep(Semantics = StepSemantics.AtMostOncePerRetry, Retry = RetryPreset.Transient, TimeoutSeconds = 30)]
    private int Flaky(IStepContext step)
    {
        _log.Add("flaky " + step.AttemptNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return step.AttemptNumber == 1 ? throw new TimeoutException("first attempt times out") : step.AttemptNumber;
    }

    [DurableStep]
    private void Audit(string message) => _log.Add("audit " + message);
}
