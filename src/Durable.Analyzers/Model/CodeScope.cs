using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>Where a piece of code runs, in replay terms.</summary>
internal enum CodeKind
{
    /// <summary>Ordinary code: no rule about determinism applies (helpers are judged where workflow code calls them).</summary>
    Plain,

    /// <summary>Workflow code: re-run from the top on every invocation; must be deterministic.</summary>
    Workflow,

    /// <summary>A step body: runs once, its result is checkpointed; may be nondeterministic, must not start durable operations.</summary>
    Step,
}

/// <summary>
/// The answer of <see cref="ScopeResolver"/> for one operation: the kind of code, the function that decided it
/// (innermost lambda, local function or member), and for workflow code its context parameter, whether that function
/// is a durable callback (child, branch, map item), and the foreign-thread call (Task.Run, ...) crossed on the way.
/// </summary>
internal readonly struct CodeScope
{
    public CodeScope(CodeKind kind, IOperation? boundary, IMethodSymbol? function, IParameterSymbol? contextParameter, CallbackKind callback, IOperation? foreignThreadCall)
    {
        Kind = kind;
        Boundary = boundary;
        Function = function;
        ContextParameter = contextParameter;
        Callback = callback;
        ForeignThreadCall = foreignThreadCall;
    }

    public CodeKind Kind { get; }

    /// <summary>The lambda or local function operation that decided the kind; null when it was the containing member.</summary>
    public IOperation? Boundary { get; }

    /// <summary>The method, lambda or local function symbol that decided the kind.</summary>
    public IMethodSymbol? Function { get; }

    /// <summary>For workflow code: the <c>IDurableContext</c> parameter of the deciding function.</summary>
    public IParameterSymbol? ContextParameter { get; }

    /// <summary>For workflow code: whether the deciding lambda is a child, branch or map callback.</summary>
    public CallbackKind Callback { get; }

    /// <summary>The innermost call that moves the code onto another thread (Task.Run, StartNew, ...), if any.</summary>
    public IOperation? ForeignThreadCall { get; }

    public bool IsWorkflow => Kind == CodeKind.Workflow;

    public bool IsStep => Kind == CodeKind.Step;

    /// <summary>The syntax of the deciding function (the member's declaration when <see cref="Boundary"/> is null).</summary>
    public SyntaxNode? BoundarySyntax => Boundary?.Syntax ?? Function?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();

    public static CodeScope Plain(IOperation? boundary, IMethodSymbol? function) =>
        new(CodeKind.Plain, boundary, function, null, CallbackKind.None, null);
}
