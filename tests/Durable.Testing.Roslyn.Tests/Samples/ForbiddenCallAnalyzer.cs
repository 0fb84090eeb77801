using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Testing.Roslyn.Tests.Samples;

/// <summary>
/// Sample analyzer: reports SMP0001 on every invocation of a method named <c>Forbidden</c> (or the name in the
/// <c>build_property.SampleForbiddenName</c> global option), unless the file's <c>sample.forbidden_calls</c> option is
/// <c>allow</c>. Analyzes generated code too, so the harness's generated-code filtering can be tested.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForbiddenCallAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "SMP0001";
    public const string NameProperty = "build_property.SampleForbiddenName";
    public const string FileOption = "sample.forbidden_calls";

    public static readonly DiagnosticDescriptor Rule = new(
        Id, "Forbidden call", "Call to '{0}' is forbidden", "Usage", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var name = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(NameProperty, out var configured)
                && !string.IsNullOrWhiteSpace(configured)
                    ? configured
                    : "Forbidden";
            start.RegisterOperationAction(
                operation =>
                {
                    var invocation = (IInvocationOperation)operation.Operation;
                    if (invocation.TargetMethod.Name != name)
                    {
                        return;
                    }

                    var fileOptions = operation.Options.AnalyzerConfigOptionsProvider.GetOptions(invocation.Syntax.SyntaxTree);
                    if (fileOptions.TryGetValue(FileOption, out var policy) && policy == "allow")
                    {
                        return;
                    }

                    operation.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), name));
                },
                OperationKind.Invocation);
        });
    }
}

/// <summary>Sample analyzer that throws on every invocation, to prove AD0001 fails a test.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        "SMP0900", "Never reported", "Never reported", "Usage", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => throw new InvalidOperationException("sample analyzer failure"), OperationKind.Invocation);
    }
}
