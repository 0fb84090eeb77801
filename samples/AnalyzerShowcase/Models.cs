namespace AnalyzerShowcase;

/// <summary>The input of the showcase workflows.</summary>
public sealed record Order(string Sku, string[] Tags, decimal Amount);

/// <summary>A service the workflows use; its calls are I/O the analyzers know nothing about.</summary>
public interface IInventory
{
    /// <summary>Reserves stock.</summary>
    Task<int> ReserveAsync(string sku);
}

/// <summary>A plain helper that reads the clock: harmless in plain code, nondeterministic when workflow code calls it.</summary>
public static class Labels
{
    /// <summary>A label with a time stamp.</summary>
    public static string Stamp(Order order) => $"{order.Sku}@{Clock.Now():O}";
}

/// <summary>One more level of indirection, to show the call path in DUR1009's message.</summary>
public static class Clock
{
    /// <summary>The current time.</summary>
    public static DateTime Now() => DateTime.UtcNow;
}
