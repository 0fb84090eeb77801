using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// Transitive facts about source methods, cached per compilation (DUR1009, DUR2001 through helpers, DUR2012).
/// Each method's own facts (first nondeterministic API use, first durable operation, the source helpers it calls)
/// are computed once from its body; a question about a helper is then a breadth-first search over those facts,
/// bounded in depth and in methods visited, so recursion and huge call graphs cannot blow the stack or the time.
/// The search order follows source order, so the reported path is stable. Only plain helpers are followed:
/// methods with a context parameter are workflow code and <c>[DurableStep]</c> methods are steps, both analysed
/// where they are declared.
/// </summary>
internal sealed class MethodSummaries
{
    public const int MaxDepth = 6;
    public const int MaxMethods = 200;

    private readonly Compilation _compilation;
    private readonly DurableSymbols _symbols;
    private readonly DurableOperations _operations;
    private readonly ApiCatalog _catalog;
    private readonly ScopeResolver _scopes;
    private readonly GeneratedCode _generated;
    private readonly Func<AwaitedWork> _awaits;
    private readonly ConcurrentDictionary<IMethodSymbol, LocalFacts> _facts = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _followed = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, HelperFinding?> _nondeterminism = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, HelperFinding?> _durableWork = new(SymbolEqualityComparer.Default);

    public MethodSummaries(Compilation compilation, DurableSymbols symbols, DurableOperations operations, ApiCatalog catalog, ScopeResolver scopes, GeneratedCode generated, Func<AwaitedWork> awaits)
    {
        _compilation = compilation;
        _symbols = symbols;
        _operations = operations;
        _catalog = catalog;
        _scopes = scopes;
        _generated = generated;
        _awaits = awaits;
    }

    /// <summary>
    /// A source method of this compilation that the analysis follows: plain code with a body of its own (not an
    /// auto-property or compiler-generated accessor), not a step, not generated. Cached per method.
    /// </summary>
    public bool IsFollowedHelper(IMethodSymbol? method) =>
        method is not null && _followed.GetOrAdd(Normalize(method), ComputeFollowed);

    private bool ComputeFollowed(IMethodSymbol method)
    {
        if (method.IsImplicitlyDeclared
            || method.MethodKind is not (MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.Constructor or MethodKind.StaticConstructor)
            || method.IsAbstract
            || method.IsExtern
            || _scopes.ClassifyFunction(method) != CodeKind.Plain
            || method.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree)
                || _generated.IsGenerated(reference.SyntaxTree)
                || reference.GetSyntax() is AccessorDeclarationSyntax { Body: null, ExpressionBody: null })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first nondeterministic API reached from <paramref name="helper"/> (itself included), with its path.</summary>
    public HelperFinding? FindNondeterminism(IMethodSymbol helper, CancellationToken cancellationToken) =>
        Find(helper, _nondeterminism, facts => facts.Api is { } api ? (api.Effect, api.Display) : null, cancellationToken);

    /// <summary>The first durable operation reached from <paramref name="helper"/>, with its path.</summary>
    public HelperFinding? FindDurableWork(IMethodSymbol helper, CancellationToken cancellationToken) =>
        Find(helper, _durableWork, facts => facts.DurableOperation is { } display ? ("starts durable operations", display) : null, cancellationToken);

    private HelperFinding? Find(
        IMethodSymbol helper,
        ConcurrentDictionary<IMethodSymbol, HelperFinding?> cache,
        Func<LocalFacts, (string Effect, string Display)?> select,
        CancellationToken cancellationToken)
    {
        helper = Normalize(helper);
        if (!IsFollowedHelper(helper))
        {
            return null;
        }

        if (cache.TryGetValue(helper, out var known))
        {
            return known;
        }

        var result = Search(helper, select, cancellationToken);
        return cache.GetOrAdd(helper, result);
    }

    private HelperFinding? Search(IMethodSymbol start, Func<LocalFacts, (string Effect, string Display)?> select, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default) { [start] = null };
        var queue = new Queue<(IMethodSymbol Method, int Depth)>();
        queue.Enqueue((start, 0));
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (method, depth) = queue.Dequeue();
            var facts = FactsOf(method, cancellationToken);
            if (select(facts) is { } found)
            {
                var path = new List<string> { found.Display };
                for (IMethodSymbol? step = method; step is not null; step = parents[step])
                {
                    path.Add(Name(step));
                }

                path.Reverse();
                return new HelperFinding(found.Effect, path.ToImmutableArray());
            }

            if (depth >= MaxDepth)
            {
                continue;
            }

            foreach (var callee in facts.Callees)
            {
                if (parents.Count >= MaxMethods)
                {
                    break;
                }

                if (!parents.ContainsKey(callee))
                {
                    parents[callee] = method;
                    queue.Enqueue((callee, depth + 1));
                }
            }
        }

        return null;
    }

    private LocalFacts FactsOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (_facts.TryGetValue(method, out var known))
        {
            return known;
        }

        var facts = ComputeFacts(method, cancellationToken);
        return _facts.GetOrAdd(method, facts);
    }

    private LocalFacts ComputeFacts(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var collector = new FactCollector(this, cancellationToken);
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

            // Cross-tree analysis needs the other tree's model; analyzer compilations cache semantic models, and the
            // tree was checked to belong to this compilation.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            var model = _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            var body = model.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken);
            if (body is not null)
            {
                collector.Visit(body);
            }
        }

        return collector.ToFacts();
    }

    private static IMethodSymbol Normalize(IMethodSymbol method)
    {
        method = method.PartialImplementationPart ?? method;
        return method.ReducedFrom ?? method.OriginalDefinition;
    }

    private static string Name(IMethodSymbol method) => method.MethodKind switch
    {
        MethodKind.PropertyGet or MethodKind.PropertySet => method.AssociatedSymbol?.Name ?? method.Name,
        MethodKind.Constructor or MethodKind.StaticConstructor => "new " + method.ContainingType.Name,
        _ => method.Name,
    };

    /// <summary>A method's own facts: what it does itself, and which followed helpers it calls (in source order).</summary>
    private sealed class LocalFacts
    {
        public LocalFacts(ApiMatch? api, string? durableOperation, ImmutableArray<IMethodSymbol> callees)
        {
            Api = api;
            DurableOperation = durableOperation;
            Callees = callees;
        }

        public ApiMatch? Api { get; }

        public string? DurableOperation { get; }

        public ImmutableArray<IMethodSymbol> Callees { get; }
    }

    /// <summary>Walks one body in source order, skipping step bodies and workflow lambdas (analysed in place).</summary>
    private sealed class FactCollector
    {
        private readonly MethodSummaries _owner;
        private readonly CancellationToken _cancellationToken;
        private readonly List<IMethodSymbol> _callees = [];
        private readonly HashSet<IMethodSymbol> _seen = new(SymbolEqualityComparer.Default);
        private ApiMatch? _api;
        private string? _durableOperation;

        public FactCollector(MethodSummaries owner, CancellationToken cancellationToken)
        {
            _owner = owner;
            _cancellationToken = cancellationToken;
        }

        public LocalFacts ToFacts() => new(_api, _durableOperation, _callees.ToImmutableArray());

        public void Visit(IOperation root)
        {
            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var operation = stack.Pop();
                if (!Inspect(operation))
                {
                    continue;
                }

                // Push in reverse so that children are visited in source order.
                var children = operation.ChildOperations.ToList();
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    stack.Push(children[i]);
                }
            }
        }

        /// <summary>Records the facts of one operation; false when its children must not be visited.</summary>
        private bool Inspect(IOperation operation)
        {
            switch (operation)
            {
                case INameOfOperation or ITypeOfOperation:
                    return false;
                case IAnonymousFunctionOperation lambda when _owner._scopes.ClassifyFunction(lambda.Symbol) != CodeKind.Plain:
                    return false;
                case ILocalFunctionOperation local when _owner._scopes.ClassifyFunction(local.Symbol) != CodeKind.Plain:
                    return false;
                case IInvocationOperation invocation:
                    if (_owner._operations.Classify(invocation.TargetMethod) != DurableOperationKind.None)
                    {
                        _durableOperation ??= ApiCatalog.Display(invocation.TargetMethod);
                        return true;
                    }

                    AddCallee(invocation.TargetMethod);
                    break;
                case IPropertyReferenceOperation property:
                    if (SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _owner._symbols.ContextScope))
                    {
                        _durableOperation ??= ApiCatalog.Display(property.Property);
                    }

                    AddCallee(property.Property.GetMethod);
                    break;
                case IObjectCreationOperation creation:
                    AddCallee(creation.Constructor);
                    break;
                case IMethodReferenceOperation reference:
                    AddCallee(reference.Method);
                    break;
                case IAwaitOperation await when _api is null:
                    if (_owner._awaits().NonDurableCall(await) is { } call)
                    {
                        _api = new ApiMatch(DiagnosticDescriptors.NonDurableAwait, ApiCatalog.Display(call.TargetMethod));
                    }

                    break;
            }

            if (_api is null && _owner._catalog.Match(operation) is { IsTransitive: true } match)
            {
                _api = match;
            }

            return true;
        }

        private void AddCallee(IMethodSymbol? method)
        {
            if (method is null || !_owner.IsFollowedHelper(method))
            {
                return;
            }

            var normalized = Normalize(method);
            if (_seen.Add(normalized))
            {
                _callees.Add(normalized);
            }
        }
    }
}
