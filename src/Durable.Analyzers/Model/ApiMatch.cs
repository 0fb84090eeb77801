using Microsoft.CodeAnalysis;

namespace Durable.Analyzers;

/// <summary>A use of a catalogued API: the rule it breaks and how to name it in a message (<c>DateTime.UtcNow</c>).</summary>
internal readonly struct ApiMatch
{
    public ApiMatch(DiagnosticDescriptor rule, string display)
    {
        Rule = rule;
        Display = display;
    }

    public DiagnosticDescriptor Rule { get; }

    public string Display { get; }

    /// <summary>What the API does, as the end of "'Helper' is called from workflow code and ..." (DUR1009).</summary>
    public string Effect => Rule.Id switch
    {
        DiagnosticIds.ClockRead => "reads the clock",
        DiagnosticIds.Randomness => "uses randomness",
        DiagnosticIds.IdentifierGeneration => "creates new identifiers",
        DiagnosticIds.InProcessDelay => "waits in process",
        DiagnosticIds.NetworkIO => "does network, cloud or database I/O",
        DiagnosticIds.LocalIO => "does file, console or process I/O",
        DiagnosticIds.EnvironmentRead => "reads environment or configuration",
        DiagnosticIds.InvocationValue => "reads invocation-scoped Lambda values",
        DiagnosticIds.RandomizedHashCode => "uses process-randomised hash codes",
        DiagnosticIds.NonDurableAwait => "awaits work that is not checkpointed",
        _ => "is not deterministic",
    };

    /// <summary>Whether a use in a helper makes the helper nondeterministic (DUR1009): not so for logging.</summary>
    public bool IsTransitive => Rule.Id != DiagnosticIds.NonReplayAwareLogging;
}
