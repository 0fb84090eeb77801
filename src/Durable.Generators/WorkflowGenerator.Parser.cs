using System.Collections.Immutable;
using System.Globalization;
using Durable.Generators.Model;
using Durable.Generators.Parsing;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.Generators;

/// <summary>
/// The parser: turns a <c>[DurableWorkflow]</c> class into a <see cref="WorkflowSpec"/>. The only part of the generator
/// that touches Roslyn symbols and syntax. Any shape the contract (docs/authoring.md) rules out yields null, so
/// nothing is emitted and the analyzers (DUR4001, DUR4005) explain why.
/// </summary>
public sealed partial class WorkflowGenerator
{
    private const int MaxFunctionTimeoutSeconds = 900;
    private const int MaxExecutionTimeoutSeconds = 31_622_400;

    private static WorkflowSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type
            || context.TargetNode is not TypeDeclarationSyntax declaration
            || KnownSymbols.From(context.SemanticModel.Compilation) is not { } known
            || !IsSupportedDeclaration(type, declaration, cancellationToken)
            || context.Attributes.FirstOrDefault() is not { } attribute
            || ParseWorkflowAttribute(type, attribute, known) is not { } settings)
        {
            return null;
        }

        var run = FindRunMethod(type, known);
        if (run is null)
        {
            return null;
        }

        var json = new JsonTypeCollector(known, type);
        var runSpec = DescribeRun(run, json);
        if (runSpec is null)
        {
            return null;
        }

        ActivationSpec? activation = null;
        if (!run.IsStatic && (activation = DescribeActivation(type)) is null)
        {
            return null;
        }

        var steps = new List<StepSpec>();
        var wrapperSignatures = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stepAttribute = method.GetAttributes().FirstOrDefault(a => KnownSymbols.Is(a.AttributeClass, known.DurableStepAttribute));
            if (stepAttribute is null)
            {
                continue;
            }

            var step = DescribeStep(method, stepAttribute, known, json);
            if (step is null || !wrapperSignatures.Add(WrapperSignature(step, method, known)))
            {
                return null;
            }

            steps.Add(step);
        }

        DurableCallScanner.AddPayloadTypes(type, known, context.SemanticModel, json, cancellationToken);
        return new WorkflowSpec(
            DescribeDeclaration(type, declaration),
            settings.Name,
            settings.FunctionTimeoutSeconds,
            settings.ExecutionTimeoutSeconds,
            settings.JsonContext,
            runSpec,
            activation,
            IsVisibleToAssembly(type),
            NameConfigFields(steps).ToEquatableArray(),
            json.Collect(cancellationToken));
    }

    private sealed record WorkflowSettings(string Name, int FunctionTimeoutSeconds, int ExecutionTimeoutSeconds, string? JsonContext);

    private static bool IsSupportedDeclaration(INamedTypeSymbol type, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Class || type.IsGenericType || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return false;
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType
                || outer.DeclaringSyntaxReferences.IsEmpty
                || outer.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is not TypeDeclarationSyntax d || !d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                return false;
            }
        }

        return true;
    }

    private static WorkflowSettings? ParseWorkflowAttribute(INamedTypeSymbol type, AttributeData attribute, KnownSymbols known)
    {
        var name = JsonTypeCollector.Argument(attribute) as string ?? type.Name;
        var functionTimeout = MaxFunctionTimeoutSeconds;
        var executionTimeout = 0;
        string? jsonContext = null;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case DurableMetadataNames.WorkflowFunctionTimeoutArgument when argument.Value.Value is int seconds:
                    functionTimeout = seconds;
                    break;
                case DurableMetadataNames.WorkflowExecutionTimeoutArgument when argument.Value.Value is int seconds:
                    executionTimeout = seconds;
                    break;
                case DurableMetadataNames.WorkflowJsonContextArgument when argument.Value.Value is INamedTypeSymbol contextType:
                    jsonContext = JsonContextInstance(contextType, type, known);
                    if (jsonContext is null)
                    {
                        return null;
                    }

                    break;
            }
        }

        // Values the registration would reject at start-up: better no code (and the analyzers' error) than an
        // application that fails in its module initializer.
        if (!IsValidFunctionName(name)
            || functionTimeout is < 1 or > MaxFunctionTimeoutSeconds
            || executionTimeout is < 0 or > MaxExecutionTimeoutSeconds)
        {
            return null;
        }

        return new WorkflowSettings(name, functionTimeout, executionTimeout, jsonContext);
    }

    private static bool IsValidFunctionName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_');

    /// <summary>The expression for the user's context instance: its static <c>Default</c>, else a new instance; null when neither exists.</summary>
    private static string? JsonContextInstance(INamedTypeSymbol contextType, INamedTypeSymbol scope, KnownSymbols known)
    {
        var isContext = false;
        for (var current = contextType.BaseType; current is not null; current = current.BaseType)
        {
            isContext |= KnownSymbols.Is(current, known.JsonSerializerContext);
        }

        if (!isContext || contextType.IsAbstract || contextType.IsGenericType || !known.Compilation.IsSymbolAccessibleWithin(contextType, scope))
        {
            return null;
        }

        var name = TypeNames.Plain(contextType);
        var defaultInstance = contextType.GetMembers("Default").OfType<IPropertySymbol>()
            .FirstOrDefault(p => p.IsStatic && SymbolEqualityComparer.Default.Equals(p.Type, contextType) && known.Compilation.IsSymbolAccessibleWithin(p, scope));
        // System.Text.Json's generator adds Default to [JsonSerializable] contexts, but generators do not see each
        // other's output: the attribute is the promise that it will be there.
        var generatedBySystemTextJson = contextType.GetAttributes().Any(a =>
            a.AttributeClass is { Name: "JsonSerializableAttribute" } attributeClass
            && attributeClass.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization");
        if (defaultInstance is not null || generatedBySystemTextJson)
        {
            return name + ".Default";
        }

        return contextType.InstanceConstructors.Any(c => c.Parameters.IsEmpty && !c.IsImplicitlyDeclared && known.Compilation.IsSymbolAccessibleWithin(c, scope))
            ? "new " + name + "()"
            : null;
    }

    /// <summary>The one <c>RunAsync(TInput, IDurableContext)</c> returning <c>Task</c> or <c>Task&lt;T&gt;</c>.</summary>
    private static IMethodSymbol? FindRunMethod(INamedTypeSymbol type, KnownSymbols known)
    {
        var candidates = type.GetMembers(DurableMetadataNames.RunMethodName).OfType<IMethodSymbol>()
            .Where(m => !m.IsGenericMethod
                && m.Parameters.Length == 2
                && m.Parameters.All(p => p.RefKind == RefKind.None)
                && KnownSymbols.Is(m.Parameters[1].Type, known.DurableContext)
                && (KnownSymbols.Is(m.ReturnType, known.Task) || KnownSymbols.Is(m.ReturnType, known.TaskOfT)))
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static RunMethodSpec? DescribeRun(IMethodSymbol run, JsonTypeCollector json)
    {
        var input = run.Parameters[0].Type;
        var output = run.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } generic ? generic.TypeArguments[0] : null;
        if (!IsOrdinaryType(input) || (output is not null && !IsOrdinaryType(output)))
        {
            return null;
        }

        json.Add(input);
        json.Add(output);
        return new RunMethodSpec(
            TypeNames.Annotated(input),
            TypeNames.Plain(input.WithNullableAnnotation(NullableAnnotation.None)),
            output is null ? null : TypeNames.Annotated(output),
            output is null ? null : TypeNames.Plain(output.WithNullableAnnotation(NullableAnnotation.None)),
            run.IsStatic);
    }

    /// <summary>
    /// The constructor that creates each invocation's instance: the only one, or the one with the most parameters
    /// (null when that is ambiguous, the class is abstract or static, or a parameter cannot come from a service provider).
    /// </summary>
    private static ActivationSpec? DescribeActivation(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.IsStatic)
        {
            return null;
        }

        var constructors = type.InstanceConstructors.OrderByDescending(c => c.Parameters.Length).ToList();
        if (constructors.Count == 0 || (constructors.Count > 1 && constructors[0].Parameters.Length == constructors[1].Parameters.Length))
        {
            return null;
        }

        var parameters = new List<ServiceParameterSpec>();
        foreach (var parameter in constructors[0].Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams || !IsOrdinaryType(parameter.Type))
            {
                return null;
            }

            string? fallback = null;
            if (parameter.HasExplicitDefaultValue)
            {
                fallback = TypeNames.Constant(parameter.ExplicitDefaultValue, parameter.Type);
                if (fallback is null)
                {
                    return null;
                }
            }
            else if (parameter.NullableAnnotation == NullableAnnotation.Annotated)
            {
                fallback = parameter.Type.IsReferenceType || parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? "null" : null;
            }

            parameters.Add(new ServiceParameterSpec(
                EscapeIdentifier(parameter.Name),
                TypeNames.Annotated(parameter.Type),
                TypeNames.Plain(parameter.Type.WithNullableAnnotation(NullableAnnotation.None)),
                fallback));
        }

        return new ActivationSpec(parameters.ToEquatableArray());
    }

    private static StepSpec? DescribeStep(IMethodSymbol method, AttributeData attribute, KnownSymbols known, JsonTypeCollector json)
    {
        if (method.IsGenericMethod || method.MethodKind != MethodKind.Ordinary || (method.IsAsync && method.ReturnsVoid) || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return null;
        }

        var parameters = new List<StepParameterSpec>();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None || parameter.IsParams || KnownSymbols.Is(parameter.Type, known.DurableContext))
            {
                return null;
            }

            StepParameterKind kind;
            if (KnownSymbols.Is(parameter.Type, known.StepContext))
            {
                kind = StepParameterKind.StepContext;
            }
            else if (KnownSymbols.Is(parameter.Type, known.CancellationToken))
            {
                if (i != method.Parameters.Length - 1)
                {
                    return null;
                }

                kind = StepParameterKind.CancellationToken;
            }
            else if (IsOrdinaryType(parameter.Type))
            {
                kind = StepParameterKind.Payload;
                json.Add(parameter.Type);
            }
            else
            {
                return null;
            }

            parameters.Add(new StepParameterSpec(EscapeIdentifier(parameter.Name), TypeNames.Annotated(parameter.Type), kind));
        }

        if (parameters.Count(p => p.Kind == StepParameterKind.StepContext) > 1)
        {
            return null;
        }

        var (returnKind, result) = DescribeReturn(method, known);
        if (result is not null && !IsOrdinaryType(result))
        {
            return null;
        }

        json.Add(result);
        var config = ParseStepAttribute(attribute, known);
        if (config is null)
        {
            return null;
        }

        var baseName = WithoutAsyncSuffix(method.Name);
        var checkpointName = JsonTypeCollector.Argument(attribute) as string ?? baseName;
        return new StepSpec(
            EscapeIdentifier(method.Name),
            EscapeIdentifier(baseName + "Async"),
            checkpointName,
            method.IsStatic,
            returnKind,
            result is null ? null : TypeNames.Annotated(result),
            parameters.ToEquatableArray(),
            config,
            ConfigFieldName: null,
            TypeNames.MethodReference(method));
    }

    private static (StepReturnKind Kind, ITypeSymbol? Result) DescribeReturn(IMethodSymbol method, KnownSymbols known)
    {
        var returnType = method.ReturnType;
        if (method.ReturnsVoid)
        {
            return (StepReturnKind.Void, null);
        }

        if (KnownSymbols.Is(returnType, known.Task) && returnType is INamedTypeSymbol { IsGenericType: false })
        {
            return (StepReturnKind.Task, null);
        }

        if (KnownSymbols.Is(returnType, known.ValueTask) && returnType is INamedTypeSymbol { IsGenericType: false })
        {
            return (StepReturnKind.ValueTask, null);
        }

        if (returnType is INamedTypeSymbol { TypeArguments.Length: 1 } task && KnownSymbols.Is(returnType, known.TaskOfT))
        {
            return (StepReturnKind.TaskOfT, task.TypeArguments[0]);
        }

        if (returnType is INamedTypeSymbol { TypeArguments.Length: 1 } valueTask && KnownSymbols.Is(returnType, known.ValueTaskOfT))
        {
            return (StepReturnKind.ValueTaskOfT, valueTask.TypeArguments[0]);
        }

        return (StepReturnKind.Value, returnType);
    }

    private static StepConfigSpec? ParseStepAttribute(AttributeData attribute, KnownSymbols known)
    {
        string? semantics = null;
        string? preset = null;
        string? strategy = null;
        var timeout = 0;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case DurableMetadataNames.StepSemanticsArgument when argument.Value.Type is INamedTypeSymbol enumType && argument.Value.Value is { } value:
                    semantics = NonDefaultMemberName(enumType, value);
                    break;
                case DurableMetadataNames.StepRetryArgument when argument.Value.Type is INamedTypeSymbol enumType && argument.Value.Value is { } value:
                    preset = NonDefaultMemberName(enumType, value);
                    break;
                case DurableMetadataNames.StepRetryStrategyArgument when argument.Value.Value is INamedTypeSymbol strategyType:
                    if (!IsUsableRetryStrategy(strategyType, known))
                    {
                        return null;
                    }

                    strategy = TypeNames.Plain(strategyType);
                    break;
                case DurableMetadataNames.StepTimeoutSecondsArgument when argument.Value.Value is int seconds:
                    if (seconds < 0)
                    {
                        return null;
                    }

                    timeout = seconds;
                    break;
                case DurableMetadataNames.StepSemanticsArgument or DurableMetadataNames.StepRetryArgument:
                    // An enum value the runtime does not define (a cast integer): no member to emit.
                    return null;
            }
        }

        return new StepConfigSpec(semantics, strategy is null ? preset : null, strategy, timeout);
    }

    /// <summary>The enum member with this value; null for the first member (the attribute's default).</summary>
    private static string? NonDefaultMemberName(INamedTypeSymbol enumType, object value)
    {
        var members = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).ToList();
        var match = members.FirstOrDefault(f => Equals(f.ConstantValue, value));
        return match is null || Equals(match.ConstantValue, 0) ? null : match.Name;
    }

    private static bool IsUsableRetryStrategy(INamedTypeSymbol type, KnownSymbols known) =>
        !type.IsAbstract
        && !type.IsUnboundGenericType
        && type.TypeParameters.IsEmpty
        && type.AllInterfaces.Any(i => KnownSymbols.Is(i, known.RetryStrategy))
        && (type.IsValueType || type.InstanceConstructors.Any(c => c.Parameters.IsEmpty && c.DeclaredAccessibility == Accessibility.Public));

    /// <summary>A type that can be stored and passed around: no pointers, spans, type parameters or unresolved types.</summary>
    private static bool IsOrdinaryType(ITypeSymbol type) =>
        type is not (IPointerTypeSymbol or IFunctionPointerTypeSymbol or ITypeParameterSymbol or IErrorTypeSymbol)
        && !type.IsRefLikeType
        && type.SpecialType != SpecialType.System_Void
        && (type is not IArrayTypeSymbol array || IsOrdinaryType(array.ElementType))
        && (type is not INamedTypeSymbol named || named.TypeArguments.All(IsOrdinaryType));

    /// <summary>
    /// The wrapper's name and payload parameter types: two steps with the same signature would give two wrappers that
    /// do not compile, so such a class gets no code.
    /// </summary>
    private static string WrapperSignature(StepSpec step, IMethodSymbol method, KnownSymbols known) =>
        step.WrapperName + "(" + string.Join(",", method.Parameters
            .Where(p => !KnownSymbols.Is(p.Type, known.StepContext) && !KnownSymbols.Is(p.Type, known.CancellationToken))
            .Select(p => TypeNames.Plain(p.Type.WithNullableAnnotation(NullableAnnotation.None)))) + ")";

    /// <summary>Gives each configured step a field for its cached <c>StepConfig</c>, named after the wrapper.</summary>
    private static IEnumerable<StepSpec> NameConfigFields(List<StepSpec> steps)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (step.Config.IsDefault)
            {
                yield return step;
                continue;
            }

            var stem = WithoutAsyncSuffix(step.WrapperName.TrimStart('@'));
            var baseName = "s_" + char.ToLowerInvariant(stem[0]) + stem.Substring(1) + "Config";
            var name = baseName;
            for (var n = 2; !used.Add(name); n++)
            {
                name = baseName + n.ToString(CultureInfo.InvariantCulture);
            }

            yield return step with { ConfigFieldName = name };
        }
    }

    private static TypeDeclarationSpec DescribeDeclaration(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        var containing = new List<ContainingTypeSpec>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingTypeSpec(Keyword(outer), EscapeIdentifier(outer.Name)));
        }

        return new TypeDeclarationSpec(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            containing.ToEquatableArray(),
            EscapeIdentifier(type.Name),
            declaration is RecordDeclarationSyntax ? "record" : "class",
            type.IsStatic,
            TypeNames.Plain(type));
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static bool IsVisibleToAssembly(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static string WithoutAsyncSuffix(string name) =>
        name.Length > "Async".Length && name.EndsWith("Async", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Async".Length) : name;

    private static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
