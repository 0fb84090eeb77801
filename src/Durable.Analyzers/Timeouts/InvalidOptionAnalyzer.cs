using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Analyzers;

/// <summary>
/// DUR5008: a timeout option that is not a whole number of seconds in range. Each distinct (option, value) is
/// reported once per compilation, without a location: a bad .editorconfig line should not produce one diagnostic per
/// file it applies to.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidOptionAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.InvalidOption];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        var settings = new TimeoutSettings(context.Options.AnalyzerConfigOptionsProvider, durable.Symbols);
        var reported = new ConcurrentDictionary<(string Key, string Value), bool>();
        context.RegisterSyntaxTreeAction(treeContext =>
        {
            foreach (var (key, value, expected) in settings.InvalidTreeOptions(treeContext.Tree).Concat(settings.InvalidGlobalOptions()))
            {
                if (reported.TryAdd((key, value), true))
                {
                    treeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidOption, Location.None, key, value, expected));
                }
            }
        });
    }
}
