namespace Durable.Analyzers;

/// <summary>The small fixed set of categories, one per leading digit of the ID.</summary>
internal static class DiagnosticCategories
{
    public const string Determinism = "Durable.Determinism";
    public const string OperationStructure = "Durable.OperationStructure";
    public const string LostState = "Durable.LostState";
    public const string GeneratorContract = "Durable.GeneratorContract";
    public const string Timeouts = "Durable.Timeouts";
}
