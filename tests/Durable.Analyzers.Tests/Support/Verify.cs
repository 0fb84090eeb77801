using Durable.Testing.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Durable.Analyzers.Tests;

/// <summary>
/// Runs the harness with what every analyzer test needs: the real Durable.Runtime (and the logging abstractions its
/// API exposes) as references, and the SDK's implicit usings. Test sources add <c>using Durable;</c> themselves.
/// </summary>
internal static class Verify
{
    public static IReadOnlyList<MetadataReference> References { get; } =
    [
        ReferenceAssemblies.FromAssembly(typeof(IDurableContext).Assembly),
        ReferenceAssemblies.FromAssembly(typeof(ILogger).Assembly),
    ];

    public static AnalyzerTestOptions Options(AnalyzerTestOptions? options = null) =>
        (options ?? new AnalyzerTestOptions()) with
        {
            AdditionalReferences = [.. References, .. (options?.AdditionalReferences ?? [])],
            ImplicitUsings = true,
        };

    public static CodeFixTestOptions FixOptions(CodeFixTestOptions? options = null) =>
        (options ?? new CodeFixTestOptions()) with
        {
            AdditionalReferences = [.. References, .. (options?.AdditionalReferences ?? [])],
            ImplicitUsings = true,
        };

    public static Task AnalyzerAsync<TAnalyzer>(string source, AnalyzerTestOptions? options = null)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        AnalyzerVerifier.VerifyAsync(source, [new TAnalyzer()], options: Options(options));

    public static Task<AnalyzerRunResult> RunAsync(string source, IEnumerable<DiagnosticAnalyzer> analyzers, AnalyzerTestOptions? options = null) =>
        AnalyzerVerifier.RunAsync(source, analyzers, options: Options(options));

    public static Task CodeFixAsync<TAnalyzer, TFix>(string before, string after, CodeFixTestOptions? options = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new() =>
        CodeFixVerifier.VerifyAsync(before, after, new TAnalyzer(), new TFix(), FixOptions(options));

    public static Task NoFixAsync<TAnalyzer, TFix>(string source, CodeFixTestOptions? options = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new() =>
        CodeFixVerifier.VerifyNoFixOfferedAsync(source, new TAnalyzer(), new TFix(), FixOptions(options));
}
