using System.Collections.Immutable;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Analyzers;

/// <summary>
/// DUR4005: a <c>[DurableWorkflow]</c> type the generator cannot extend: not a class, not partial (or an enclosing
/// type not partial), generic, abstract, or without exactly one <c>RunAsync(TInput, IDurableContext)</c> returning
/// Task or Task&lt;T&gt;. One diagnostic per class, at its name, naming the first problem; the partial problems come
/// first because the code fix adds <c>partial</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkflowShapeAnalyzer : DurableAnalyzer
{
    /// <summary>Diagnostic property set when adding <c>partial</c> fixes the problem.</summary>
    public const string MissingPartialProperty = "MissingPartial";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.UnsupportedWorkflowShape];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterSymbolAction(
            symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                if (!durable.Symbols.IsWorkflowClass(type) || Problem(type, durable.Symbols) is not { } problem)
                {
                    return;
                }

                var properties = problem.MissingPartial
                    ? ImmutableDictionary<string, string?>.Empty.Add(MissingPartialProperty, "true")
                    : ImmutableDictionary<string, string?>.Empty;
                symbolContext.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UnsupportedWorkflowShape, type.IdentifierLocation(), properties, type.Name, problem.Text));
            },
            SymbolKind.NamedType);
    }

    private static (string Text, bool MissingPartial)? Problem(INamedTypeSymbol type, DurableSymbols symbols)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return ("it is not a class", false);
        }

        if (!IsPartial(type))
        {
            return ("it is not partial, so the generator cannot add the Steps wrappers and the registration", true);
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer))
            {
                return ($"its enclosing type '{outer.Name}' is not partial", true);
            }
        }

        if (type.IsGenericType)
        {
            return ("generic workflow classes are not supported (the generator needs concrete payload types)", false);
        }

        if (type.IsAbstract && !type.IsStatic)
        {
            return ("it is abstract, but each invocation creates an instance", false);
        }

        var runMethods = type.GetMembers(DurableMetadataNames.RunMethodName).OfType<IMethodSymbol>().ToList();
        if (runMethods.Count == 0)
        {
            return ("it declares no RunAsync(TInput input, IDurableContext context) method", false);
        }

        if (runMethods.Count > 1)
        {
            return ("it declares more than one RunAsync method", false);
        }

        var run = runMethods[0];
        if (run.Parameters.Length != 2
            || !SymbolEqualityComparer.Default.Equals(run.Parameters[1].Type, symbols.DurableContext)
            || run.Parameters.Any(p => p.RefKind != RefKind.None)
            || run.IsGenericMethod
            || !IsTaskResult(run.ReturnType, symbols))
        {
            return ("RunAsync must take (TInput input, IDurableContext context) and return Task or Task<TOutput>", false);
        }

        return null;
    }

    private static bool IsTaskResult(ITypeSymbol type, DurableSymbols symbols) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.Task)
        || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.TaskOfT);

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
}
