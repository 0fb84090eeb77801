namespace OrderProcessing;

/// <summary>An order as the shop submits it.</summary>
public sealed record Order(string OrderId, string CustomerId, IReadOnlyList<OrderLine> Lines, string ShippingAddress);

/// <summary>One line of an order.</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

/// <summary>An order that passed validation, with its total.</summary>
public sealed record ValidatedOrder(string OrderId, string CustomerId, decimal Total, int Items);

/// <summary>What the approver decided.</summary>
public sealed record ApprovalDecision(bool Approved, string Approver, string? Comment);

/// <summary>The payment provider's receipt.</summary>
public sealed record PaymentReceipt(string PaymentId, decimal Amount, int Attempt);

/// <summary>Stock held for the order.</summary>
public sealed record Reservation(string ReservationId, IReadOnlyList<string> Skus);

/// <summary>The carrier's booking.</summary>
public sealed record Shipment(string TrackingNumber, string Carrier);

/// <summary>What the workflow returns.</summary>
public sealed record OrderConfirmation(string OrderId, string PaymentId, string ReservationId, string TrackingNumber, decimal Total);
