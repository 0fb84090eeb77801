using Microsoft.CodeAnalysis;

namespace Durable.Testing.Roslyn;

/// <summary>What <see cref="IncrementalGeneratorCacheChecker"/> checks and with which edits.</summary>
public sealed record IncrementalCacheCheckOptions
{
    /// <summary>
    /// The generator's own tracking names (<c>WithTrackingName</c>) whose outputs must be cached and Roslyn-free. Each
    /// must occur in the first run. Roslyn's internal names (for example the steps inside ForAttributeWithMetadataName,
    /// which legitimately hold syntax) must not be listed.
    /// </summary>
    public required IReadOnlyList<string> TrackingNames { get; init; }

    /// <summary>An edit that must not change any output, for example <c>c => TestCompilation.AddSource(c, "class Unrelated { }")</c>.</summary>
    public Func<Compilation, Compilation>? UnrelatedEdit { get; init; }

    /// <summary>An edit that must change at least one tracked step or output (for example renaming an attributed type).</summary>
    public Func<Compilation, Compilation>? RelevantEdit { get; init; }

    /// <summary>After the unrelated edit, tracked steps (not only outputs) must be Cached/Unchanged too. Default true.</summary>
    public bool UnrelatedEditChecksTrackedSteps { get; init; } = true;

    /// <summary>The first run must generate at least one file, so the check is not vacuous. Default true.</summary>
    public bool RequireGeneratedSources { get; init; } = true;

    /// <summary>Analyzer config (build properties, editorconfig options) the generator reads.</summary>
    public TestAnalyzerConfig AnalyzerConfig { get; init; } = TestAnalyzerConfig.Empty;

    /// <summary>Additional files the generator reads.</summary>
    public IReadOnlyList<AdditionalFile> AdditionalFiles { get; init; } = [];

    /// <summary>
    /// Microsoft.CodeAnalysis types allowed in step outputs beyond the built-in plain-value ones (enums, TextSpan,
    /// LinePosition(Span), FileLinePositionSpan, DiagnosticDescriptor). Matched exactly, not by base type.
    /// </summary>
    public IReadOnlyList<Type> AllowedRoslynTypes { get; init; } = [];
}
