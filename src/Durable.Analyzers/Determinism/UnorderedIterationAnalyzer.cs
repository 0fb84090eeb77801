using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR1011: a <c>foreach</c> in workflow code over a collection without a stable order (hash sets and hash-ordered
/// dictionaries, concurrent collections, directory listings, parallel queries) whose body starts durable
/// operations; and the items of <c>MapAsync</c> taken from such a collection. Dictionary&lt;K,V&gt; enumerates in
/// insertion order and is not reported; an <c>OrderBy</c> anywhere in the chain makes the order stable.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnorderedIterationAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.UnorderedIteration];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        var unorderedTypes = new[]
        {
            "System.Collections.Generic.HashSet`1",
            "System.Collections.Concurrent.ConcurrentDictionary`2",
            "System.Collections.Concurrent.ConcurrentBag`1",
            "System.Collections.Hashtable",
            "System.Collections.Immutable.ImmutableHashSet`1",
            "System.Collections.Immutable.ImmutableDictionary`2",
            "System.Collections.Frozen.FrozenSet`1",
            "System.Collections.Frozen.FrozenDictionary`2",
        }.Select(context.Compilation.GetTypeByMetadataName).Where(t => t is not null).Select(t => t!).ToImmutableArray();
        var unorderedSources = new SymbolSet(context.Compilation)
            .Add("System.IO.Directory", "EnumerateFiles", "EnumerateDirectories", "EnumerateFileSystemEntries", "GetFiles", "GetDirectories", "GetFileSystemEntries")
            .Add("System.IO.DirectoryInfo", "EnumerateFiles", "EnumerateDirectories", "EnumerateFileSystemInfos", "GetFiles", "GetDirectories", "GetFileSystemInfos")
            .Add("System.Linq.ParallelEnumerable", "AsParallel");
        var rule = new UnorderedSources(unorderedTypes, unorderedSources);

        context.RegisterOperationAction(
            operation =>
            {
                if (operation.Operation is not IForEachLoopOperation loop
                    || !rule.IsUnordered(loop.Collection) || DurableWork.Find(loop.Body, durable, unknownCallsCount: false, operation.CancellationToken) is null)
                {
                    return;
                }

                if (durable.Scopes.Resolve(loop, operation.ContainingSymbol).IsWorkflow)
                {
                    var collection = DurableTasks.Unwrap(loop.Collection).Syntax;
                    operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnorderedIteration, collection.GetLocation(), collection.ShortText()));
                }
            },
            OperationKind.Loop);

        context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (durable.Operations.Classify(invocation.TargetMethod) != DurableOperationKind.Map)
                {
                    return;
                }

                var items = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                if (items is not null && rule.IsUnordered(items.Value) && durable.Scopes.Resolve(invocation, operation.ContainingSymbol).IsWorkflow)
                {
                    var syntax = DurableTasks.Unwrap(items.Value).Syntax;
                    operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnorderedIteration, syntax.GetLocation(), syntax.ShortText()));
                }
            },
            OperationKind.Invocation);
    }

    /// <summary>Decides whether an enumerated expression has no stable order.</summary>
    private sealed class UnorderedSources
    {
        private readonly ImmutableArray<INamedTypeSymbol> _types;
        private readonly SymbolSet _sources;

        public UnorderedSources(ImmutableArray<INamedTypeSymbol> types, SymbolSet sources)
        {
            _types = types;
            _sources = sources;
        }

        public bool IsUnordered(IOperation collection)
        {
            for (var depth = 0; depth < 8; depth++)
            {
                collection = DurableTasks.Unwrap(collection);
                if (IsUnorderedType(collection.Type))
                {
                    return true;
                }

                switch (collection)
                {
                    case IPropertyReferenceOperation { Property.Name: "Keys" or "Values", Instance: { } owner }:
                        collection = owner;
                        continue;
                    case IInvocationOperation invocation when _sources.Contains(invocation.TargetMethod):
                        return true;
                    case IInvocationOperation invocation when invocation.TargetMethod.Name.StartsWith("Order", StringComparison.Ordinal)
                        || invocation.TargetMethod.Name.StartsWith("ThenBy", StringComparison.Ordinal):
                        return false;
                    case IInvocationOperation invocation when invocation.TargetMethod.ContainingNamespace?.ToDisplayString() == "System.Linq":
                        var source = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                        if (source is null)
                        {
                            return false;
                        }

                        collection = source;
                        continue;
                    case ILocalReferenceOperation local when DurableTasks.SingleInitializer(local) is { } initializer:
                        collection = initializer;
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        private bool IsUnorderedType(ITypeSymbol? type)
        {
            foreach (var candidate in _types)
            {
                if (DurableSymbols.DerivesFrom(type, candidate))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
