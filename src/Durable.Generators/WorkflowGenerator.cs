using Durable.Generators.Model;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.Generators;

/// <summary>
/// The source generator for <c>[DurableWorkflow]</c> classes: typed, checkpointed step wrappers, JSON metadata for
/// every payload type, the workflow's registration and its Lambda entry points (docs/authoring.md).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class WorkflowGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var workflows = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DurableMetadataNames.DurableWorkflowAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (syntax, cancellationToken) => Parse(syntax, cancellationToken))
            .WithTrackingName(TrackingNames.Workflow)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ValidWorkflow);

        // Only these facts of the compilation reach the outputs, so an edit elsewhere leaves them equal and cached.
        var assembly = context.CompilationProvider
            .Select(static (compilation, _) => new AssemblySpec(
                compilation.AssemblyName ?? string.Empty,
                compilation.GetTypeByMetadataName("Durable.Hosting.DurableLambdaHost") is not null))
            .WithTrackingName(TrackingNames.Assembly);

        context.RegisterSourceOutput(workflows.Combine(assembly), static (output, pair) => Emit(output, pair.Left, pair.Right));

        var bootstrapEnabled = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(DurableMetadataNames.LambdaBootstrapProperty, out var value)
                && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.BootstrapEnabled);
        var anyHostedWorkflow = workflows
            .Select(static (spec, _) => spec.IsVisibleToAssembly)
            .Collect()
            .Select(static (visible, _) => visible.Contains(true))
            .WithTrackingName(TrackingNames.AnyHostedWorkflow);
        context.RegisterSourceOutput(
            bootstrapEnabled.Combine(anyHostedWorkflow).Combine(assembly),
            static (output, facts) => EmitBootstrap(output, facts.Left.Left, facts.Left.Right, facts.Right));
    }
}
