using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// The one place that answers "where does this code run?" for every rule. Walking out from an operation, the
/// innermost function that says something decides:
/// <list type="bullet">
/// <item>a <c>[DurableStep]</c> method, or a function with an <c>IStepContext</c>, <c>IWaitForCallbackContext</c> or
/// <c>IConditionCheckContext</c> parameter (step lambdas, method-group and local-function steps, delegate-variable
/// steps alike): step code;</item>
/// <item>a function with an <c>IDurableContext</c> parameter (run methods, workflow lambdas, child/branch/map
/// callbacks, helpers that receive a context): workflow code;</item>
/// <item>a lambda stored in a local, or a local function, whose every use is a call made from step code: step code
/// (a <c>Func&lt;DateTime&gt;</c> built in the workflow but only invoked inside a step is not workflow code);</item>
/// <item>any other lambda or local function (LINQ, Task.Run, ...) is transparent: its enclosing code decides;</item>
/// <item>a member that says nothing is plain code.</item>
/// </list>
/// Results for lambdas and local functions are cached per compilation.
/// </summary>
internal sealed class ScopeResolver
{
    private const int MaxUsageDepth = 3;

    private readonly DurableSymbols _symbols;
    private readonly DurableOperations _operations;
    private readonly ThreadingApis _threading;
    private readonly ConcurrentDictionary<SyntaxNode, bool> _onlyCalledFromSteps = new();
    private readonly ConcurrentDictionary<IMethodSymbol, CodeKind> _functionKinds = new(SymbolEqualityComparer.Default);

    public ScopeResolver(DurableSymbols symbols, DurableOperations operations, ThreadingApis threading)
    {
        _symbols = symbols;
        _operations = operations;
        _threading = threading;
    }

    /// <summary>The scope of <paramref name="operation"/>, which lies in the body of <paramref name="containingMember"/>.</summary>
    public CodeScope Resolve(IOperation operation, ISymbol? containingMember) => Resolve(operation, containingMember, 0);

    /// <summary>What a function (member, lambda or local function) says about its own body, from its signature alone.</summary>
    public CodeKind ClassifyFunction(IMethodSymbol? function) =>
        function is null ? CodeKind.Plain : _functionKinds.GetOrAdd(function, ComputeFunctionKind);

    private CodeKind ComputeFunctionKind(IMethodSymbol function)
    {

        if (_symbols.IsStepMethod(function))
        {
            return CodeKind.Step;
        }

        var kind = CodeKind.Plain;
        foreach (var parameter in function.Parameters)
        {
            if (_symbols.IsDurableContext(parameter.Type))
            {
                return CodeKind.Workflow;
            }

            if (_symbols.IsStepBodyContext(parameter.Type))
            {
                kind = CodeKind.Step;
            }
        }

        return kind;
    }

    public IParameterSymbol? ContextParameterOf(IMethodSymbol? function)
    {
        if (function is null)
        {
            return null;
        }

        foreach (var parameter in function.Parameters)
        {
            if (_symbols.IsDurableContext(parameter.Type))
            {
                return parameter;
            }
        }

        return null;
    }

    private CodeScope Resolve(IOperation operation, ISymbol? containingMember, int depth)
    {
        IOperation? foreign = null;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            IMethodSymbol function;
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    function = lambda.Symbol;
                    break;
                case ILocalFunctionOperation local:
                    function = local.Symbol;
                    break;
                default:
                    continue;
            }

            switch (ClassifyFunction(function))
            {
                case CodeKind.Step:
                    return new CodeScope(CodeKind.Step, current, function, null, CallbackKind.None, foreign);
                case CodeKind.Workflow:
                    var callback = current is IAnonymousFunctionOperation ? _operations.CallbackKindOf(current) : CallbackKind.None;
                    return new CodeScope(CodeKind.Workflow, current, function, ContextParameterOf(function), callback, foreign);
            }

            if (depth < MaxUsageDepth && IsOnlyCalledFromSteps(current, function, depth))
            {
                return new CodeScope(CodeKind.Step, current, function, null, CallbackKind.None, foreign);
            }

            foreign ??= _threading.ForeignThreadCallOf(current);
        }

        var member = containingMember as IMethodSymbol ?? DeclaredMethod(Root(operation));
        var kind = ClassifyFunction(member);
        return kind switch
        {
            CodeKind.Workflow => new CodeScope(CodeKind.Workflow, null, member, ContextParameterOf(member), CallbackKind.None, foreign),
            CodeKind.Step => new CodeScope(CodeKind.Step, null, member, null, CallbackKind.None, foreign),
            _ => new CodeScope(CodeKind.Plain, null, member, null, CallbackKind.None, foreign),
        };
    }

    /// <summary>
    /// True when <paramref name="function"/> is a lambda stored in a local (assigned once) or a local function, and
    /// every use of it is a call from step code. Any other use (passed on, returned, reassigned) means it may run
    /// anywhere, so the enclosing code decides.
    /// </summary>
    private bool IsOnlyCalledFromSteps(IOperation function, IMethodSymbol symbol, int depth)
    {
        if (_onlyCalledFromSteps.TryGetValue(function.Syntax, out var known))
        {
            return known;
        }

        var result = ComputeOnlyCalledFromSteps(function, symbol, depth);

        // Results computed at the depth limit may be cut short; cache only the top-level answers.
        if (depth == 0)
        {
            _onlyCalledFromSteps.TryAdd(function.Syntax, result);
        }

        return result;
    }

    private bool ComputeOnlyCalledFromSteps(IOperation function, IMethodSymbol symbol, int depth)
    {
        var root = Root(function);
        var calls = 0;
        if (function is ILocalFunctionOperation)
        {
            foreach (var descendant in root.Descendants())
            {
                switch (descendant)
                {
                    case IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, symbol.OriginalDefinition):
                        if (!Resolve(invocation, null, depth + 1).IsStep)
                        {
                            return false;
                        }

                        calls++;
                        break;
                    case IMethodReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, symbol.OriginalDefinition):
                        return false;
                }
            }

            return calls > 0;
        }

        var local = StoredLocal(function);
        if (local is null)
        {
            return false;
        }

        foreach (var descendant in root.Descendants())
        {
            if (descendant is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            if (reference.Parent is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } invocation
                && invocation.Instance == reference)
            {
                if (!Resolve(invocation, null, depth + 1).IsStep)
                {
                    return false;
                }

                calls++;
                continue;
            }

            if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
            {
                // Reassigned: the local may hold another function when it is called.
                return false;
            }

            return false;
        }

        return calls > 0;
    }

    /// <summary>The local that a lambda is stored in by its declaration (<c>Func&lt;T&gt; f = () => ...</c>), or null.</summary>
    private static ILocalSymbol? StoredLocal(IOperation lambda)
    {
        var current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
    }

    /// <summary>The method whose body <paramref name="root"/> is (the symbol of a method, accessor or constructor body).</summary>
    private static IMethodSymbol? DeclaredMethod(IOperation root) =>
        root.SemanticModel?.GetDeclaredSymbol(root.Syntax) switch
        {
            IMethodSymbol method => method,
            IPropertySymbol property => property.GetMethod,
            _ => null,
        };

    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }
}
