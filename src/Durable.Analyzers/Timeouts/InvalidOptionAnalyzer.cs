using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Analyzers;

/// <summary>
/// DUR5008: a timeout option that is not a whole number of seconds in range. Per-file (.editorconfig) values are
/// reported once per file they apply to; MSBuild property values once per compilation, on its first file.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidOptionAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.InvalidOption];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        var settings = new TimeoutSettings(context.Options.AnalyzerConfigOptionsProvider, durable.Symbols);
        var firstTree = context.Compilation.SyntaxTrees.FirstOrDefault();
        context.RegisterSyntaxTreeAction(treeContext =>
        {
            var invalid = settings.InvalidTreeOptions(treeContext.Tree);
            if (treeContext.Tree == firstTree)
            {
                invalid = invalid.Concat(settings.InvalidGlobalOptions());
            }

            foreach (var (key, value, expected) in invalid)
            {
                treeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidOption, Location.None, key, value, expected));
            }
        });
    }
}
