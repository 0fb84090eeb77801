using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Serves a <see cref="TestAnalyzerConfig"/> to analyzers and generators the way the compiler does:
/// global options from the global configs, per-file options looked up by file path.
/// </summary>
internal sealed class ConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly AnalyzerConfigSet _set;
    private readonly ConcurrentDictionary<string, AnalyzerConfigOptions> _byPath = new(StringComparer.Ordinal);

    public ConfigOptionsProvider(AnalyzerConfigSet set)
    {
        _set = set;
        GlobalOptions = new DictionaryOptions(set.GlobalConfigOptions.AnalyzerOptions);
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => ForPath(tree.FilePath);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => ForPath(textFile.Path);

    private AnalyzerConfigOptions ForPath(string path) =>
        _byPath.GetOrAdd(path ?? string.Empty, p => new DictionaryOptions(_set.GetOptionsForSourcePath(p).AnalyzerOptions));

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override IEnumerable<string> Keys => values.Keys;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}

/// <summary>
/// Applies the severities of a <see cref="TestAnalyzerConfig"/> (<c>dotnet_diagnostic.ID.severity</c>) and its
/// <c>generated_code</c> flags to a compilation, keyed by file path so edited trees keep their options.
/// </summary>
internal sealed class ConfigSyntaxTreeOptionsProvider(AnalyzerConfigSet set) : SyntaxTreeOptionsProvider
{
    private readonly ConcurrentDictionary<string, AnalyzerConfigOptionsResult> _byPath = new(StringComparer.Ordinal);

    public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (For(tree).AnalyzerOptions.TryGetValue("generated_code", out var value) && bool.TryParse(value, out var generated))
        {
            return generated ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated;
        }

        return GeneratedKind.Unknown;
    }

    public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        For(tree).TreeOptions.TryGetValue(diagnosticId, out severity);

    public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        set.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);

    private AnalyzerConfigOptionsResult For(SyntaxTree tree) =>
        _byPath.GetOrAdd(tree.FilePath ?? string.Empty, set.GetOptionsForSourcePath);
}
