namespace Durable.Testing.Roslyn;

/// <summary>Options of a code-fix test: which code action to apply, Fix All, iteration bounds; plus all analyzer options.</summary>
public sealed record CodeFixTestOptions : AnalyzerTestOptions
{
    /// <summary>
    /// Index of the code action to apply among those offered for a diagnostic (nested actions flattened in order).
    /// Default 0. Ignored when <see cref="CodeActionEquivalenceKey"/> is set.
    /// </summary>
    public int? CodeActionIndex { get; init; }

    /// <summary>Apply the code action with this equivalence key (also the key Fix All is asked for).</summary>
    public string? CodeActionEquivalenceKey { get; init; }

    /// <summary>
    /// True (default): when the code fix has a Fix All provider, Fix All in document scope (and project scope when
    /// supported) must produce the expected code too. False: the code fix must NOT offer Fix All
    /// (<c>CodeFixProvider.GetFixAllProvider()</c> returns null), as for fixes that shift operation IDs.
    /// </summary>
    public bool AllowFixAll { get; init; } = true;

    /// <summary>When set, the number of single-fix applications needed to reach the expected code must be exactly this.</summary>
    public int? ExpectedIterations { get; init; }

    /// <summary>Upper bound on fix applications (single fixes and Fix All passes) before the test fails. Default 20.</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>
    /// Expected text (markup allowed) of each <see cref="AnalyzerTestOptions.AdditionalSources"/> file after fixing;
    /// default: each stays as it was (markup removed).
    /// </summary>
    public IReadOnlyList<string>? ExpectedAdditionalSourcesAfter { get; init; }
}
