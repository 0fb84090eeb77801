using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Analyzers;

/// <summary>
/// DUR4001: a <c>[DurableStep]</c> method the generator cannot wrap (docs/authoring.md): outside a
/// <c>[DurableWorkflow]</c> class, generic, returning something other than T/void/Task/Task&lt;T&gt;/ValueTask/
/// ValueTask&lt;T&gt; (other awaitables, ref returns, ref structs, pointers), or with ref/out/in, pointer, ref-struct
/// or context parameters, more than one IStepContext, or a CancellationToken that is not last. One diagnostic per
/// method, naming the first problem.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StepSignatureAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.InvalidStepSignature];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterSymbolAction(
            symbolContext =>
            {
                var method = (IMethodSymbol)symbolContext.Symbol;
                if (!durable.Symbols.IsStepMethod(method) || Problem(method, durable.Symbols) is not { } problem)
                {
                    return;
                }

                symbolContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidStepSignature, method.IdentifierLocation(), method.Name, problem));
            },
            SymbolKind.Method);
    }

    internal static string? Problem(IMethodSymbol method, DurableSymbols symbols)
    {
        if (!symbols.IsWorkflowClass(method.ContainingType))
        {
            return "it is not declared in a [DurableWorkflow] class";
        }

        if (method.IsGenericMethod)
        {
            return "generic steps are not supported";
        }

        if (method.MethodKind != MethodKind.Ordinary)
        {
            return "only ordinary methods can be steps";
        }

        if (method.IsAbstract || method.IsExtern)
        {
            return "a step needs a body";
        }

        if (ReturnProblem(method, symbols) is { } returnProblem)
        {
            return returnProblem;
        }

        var stepContexts = 0;
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var type = parameter.Type;
            if (parameter.RefKind != RefKind.None)
            {
                return $"parameter '{parameter.Name}' is passed by reference (ref, out or in); step arguments are JSON payloads";
            }

            if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || type.IsRefLikeType)
            {
                return $"parameter '{parameter.Name}' is a pointer or a ref struct such as Span<T>, which cannot be serialized";
            }

            if (symbols.IsDurableContext(type))
            {
                return $"parameter '{parameter.Name}' is a durable context; a step cannot start durable operations (use RunInChildContextAsync to group them)";
            }

            if (DurableSymbols.Implements(type, symbols.WaitForCallbackContext) || DurableSymbols.Implements(type, symbols.ConditionCheckContext))
            {
                return $"parameter '{parameter.Name}' is a callback-submitter or condition-check context, which a step does not receive";
            }

            if (DurableSymbols.Implements(type, symbols.StepContext) && ++stepContexts > 1)
            {
                return "it has more than one IStepContext parameter";
            }

            if (SymbolEqualityComparer.Default.Equals(type, symbols.CancellationToken) && i != method.Parameters.Length - 1)
            {
                return $"the CancellationToken parameter '{parameter.Name}' must be the last parameter";
            }
        }

        return null;
    }

    private static string? ReturnProblem(IMethodSymbol method, DurableSymbols symbols)
    {
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return "it returns by reference";
        }

        if (method.ReturnsVoid || symbols.IsTaskLike(method.ReturnType))
        {
            return null;
        }

        var type = method.ReturnType;
        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || type.IsRefLikeType)
        {
            return "it returns a pointer or a ref struct, which cannot be serialized";
        }

        if (type.GetMembers("GetAwaiter").Any(m => m is IMethodSymbol { Parameters.Length: 0 }) || IsAsyncEnumerable(type))
        {
            return $"it returns '{type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'; asynchronous steps return Task, Task<T>, ValueTask or ValueTask<T>";
        }

        return null;
    }

    private static bool IsAsyncEnumerable(ITypeSymbol type) =>
        type.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IAsyncEnumerable<T>"
        || type.AllInterfaces.Any(i => i.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IAsyncEnumerable<T>");
}
