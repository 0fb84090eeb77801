using System.Collections.Immutable;
using System.Composition;
using System.Text;
using Durable.Analyzers;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.CodeFixes;

/// <summary>
/// Extracts the statement that contains a nondeterministic call into a new <c>[DurableStep]</c> method of the
/// workflow class and calls it through the generated wrapper: the values the statement reads become parameters,
/// the variable it declares becomes the result. <c>var page = await http.GetStringAsync(url);</c> becomes
/// <c>var page = await Steps.GetStringAsync(url);</c> plus a step method <c>GetString(string url)</c>. Offered in
/// async workflow code of a <c>[DurableWorkflow]</c> class when the statement has a single exit, writes no
/// variable of the enclosing code, declares at most one variable, and reads only JSON-friendly values (services
/// reached through the instance stay on the instance). No Fix All: it inserts a durable operation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExtractToStepMethodCodeFix))]
[Shared]
public sealed class ExtractToStepMethodCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.ExtractToStepMethod";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
    [
        DiagnosticIds.ClockRead,
        DiagnosticIds.Randomness,
        DiagnosticIds.IdentifierGeneration,
        DiagnosticIds.NetworkIO,
        DiagnosticIds.LocalIO,
        DiagnosticIds.EnvironmentRead,
        DiagnosticIds.InvocationValue,
        DiagnosticIds.RandomizedHashCode,
    ];

    /// <summary>None: the fix inserts durable operations.</summary>
    /// <returns>Null.</returns>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FixSyntax.NodeAt(root, diagnostic) is not { } node
                || StepExtraction.Plan(model, node, context.CancellationToken) is not { } extraction)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Extract to a [DurableStep] method '{extraction.MethodName}'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(extraction.Apply(root))),
                    EquivalenceKey),
                diagnostic);
        }
    }
}

/// <summary>
/// One planned extraction of a statement into a step method: what to insert where. Kept separate from the provider
/// so that the checks (data flow, control flow, payload types, reachability of <c>Steps</c>) read as one list.
/// </summary>
internal sealed class StepExtraction
{
    private readonly StatementSyntax _statement;
    private readonly MemberDeclarationSyntax _member;
    private readonly string _call;
    private readonly string _method;

    private StepExtraction(StatementSyntax statement, MemberDeclarationSyntax member, string methodName, string call, string method)
    {
        _statement = statement;
        _member = member;
        MethodName = methodName;
        _call = call;
        _method = method;
    }

    public string MethodName { get; }

    public SyntaxNode Apply(SyntaxNode root)
    {
        var tracked = root.TrackNodes(_statement, _member);
        var call = SyntaxFactory.ParseStatement(_call).WithTriviaFrom(_statement);
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(_statement)!, call);
        var member = tracked.GetCurrentNode(_member)!;
        var method = SyntaxFactory.ParseMemberDeclaration(_method)!;
        return tracked.InsertNodesAfter(member, [method]);
    }

    public static StepExtraction? Plan(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        var statement = node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent is BlockSyntax);
        var function = FixSyntax.EnclosingFunction(node);
        if (statement is null
            || function is null
            || FixSyntax.EnclosingFunction(statement) != function
            || !FixSyntax.IsAsync(function)
            || statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
            || statement is LocalDeclarationStatementSyntax { IsConst: true } or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword }
            || statement.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault() is not { } member
            || member.Parent is not TypeDeclarationSyntax)
        {
            return null;
        }

        var workflow = model.GetEnclosingSymbol(statement.SpanStart, cancellationToken)?.ContainingType;
        var memberSymbol = model.GetDeclaredSymbol(member, cancellationToken);
        if (workflow is null || memberSymbol is null
            || !workflow.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DurableMetadataNames.DurableWorkflowAttribute))
        {
            return null;
        }

        var dataFlow = model.AnalyzeDataFlow(statement);
        var controlFlow = model.AnalyzeControlFlow(statement);
        if (dataFlow is null || controlFlow is null || !dataFlow.Succeeded || !controlFlow.Succeeded
            || !controlFlow.EndPointIsReachable || controlFlow.ExitPoints.Length > 0 || controlFlow.ReturnStatements.Length > 0)
        {
            return null;
        }

        var declared = dataFlow.VariablesDeclared;
        if (declared.Length > 1 || dataFlow.WrittenInside.Any(v => !declared.Contains(v) && !IsInstanceState(v)))
        {
            // Writing a variable of the enclosing code would be lost in the step (DUR3001); two results need a type.
            return null;
        }

        var operation = model.GetOperation(statement, cancellationToken);
        var usesInstance = operation?.DescendantsAndSelf().Any(o => o is IInstanceReferenceOperation
            || o is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } }) == true;
        // The generator makes Steps an instance property as soon as one step is an instance method; static code
        // (and a static class) can then not reach it.
        var stepsWillBeInstance = usesInstance || workflow.GetMembers().Any(m => m is IMethodSymbol { IsStatic: false } method
            && method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DurableMetadataNames.DurableStepAttribute));
        if (stepsWillBeInstance && (memberSymbol.IsStatic || workflow.IsStatic))
        {
            return null;
        }

        var inputs = dataFlow.ReadInside
            .Where(v => !declared.Contains(v) && !IsInstanceState(v))
            .OrderBy(v => FirstUse(statement, v))
            .ToList();
        var position = statement.SpanStart;
        var parameters = new List<string>();
        foreach (var input in inputs)
        {
            var type = FlowType(model, statement, input, cancellationToken);
            if (!PayloadTypes.IsPayload(type, model.Compilation))
            {
                return null;
            }

            parameters.Add(FixSyntax.TypeName(model, position, type!) + " " + input.Name);
        }

        ITypeSymbol? resultType = null;
        if (declared.Length == 1)
        {
            resultType = ResultType(model, statement, declared[0], cancellationToken);
            if (!PayloadTypes.IsPayload(resultType, model.Compilation))
            {
                return null;
            }
        }

        var isAsync = statement.DescendantNodes().Any(n => n is AwaitExpressionSyntax);
        var wrappers = workflow.GetTypeMembers(DurableMetadataNames.StepWrappersTypeName).FirstOrDefault();
        var methodName = FreshStepName(workflow, wrappers, BaseName(model, node, cancellationToken));
        var taskType = FixSyntax.TypeName(model, position, "System.Threading.Tasks.Task");
        var returnType = resultType is null
            ? isAsync ? taskType : "void"
            : isAsync ? $"{taskType}<{FixSyntax.TypeName(model, position, resultType)}>" : FixSyntax.TypeName(model, position, resultType);
        var attribute = FixSyntax.TypeName(model, position, DurableMetadataNames.DurableStepAttribute);
        attribute = attribute.EndsWith("Attribute", StringComparison.Ordinal) ? attribute.Substring(0, attribute.Length - "Attribute".Length) : attribute;

        var memberIndent = Indentation(member);
        var bodyIndent = memberIndent + "    ";
        var method = new StringBuilder();
        method.Append('\n');
        method.Append(memberIndent).Append('[').Append(attribute).Append("]\n");
        method.Append(memberIndent).Append("private ").Append(usesInstance ? string.Empty : "static ").Append(isAsync ? "async " : string.Empty)
            .Append(returnType).Append(' ').Append(methodName).Append('(').Append(string.Join(", ", parameters)).Append(")\n");
        method.Append(memberIndent).Append("{\n");
        foreach (var line in Reindent(statement, bodyIndent))
        {
            method.Append(line).Append('\n');
        }

        if (declared.Length == 1)
        {
            method.Append(bodyIndent).Append("return ").Append(declared[0].Name).Append(";\n");
        }

        method.Append(memberIndent).Append("}\n");

        var arguments = string.Join(", ", inputs.Select(i => i.Name));
        var wrapperCall = $"await Steps.{DurableOperations.WrapperName(methodName)}({arguments})";
        var call = declared.Length == 0
            ? wrapperCall + ";"
            : $"{DeclaredType(statement, declared[0])} {declared[0].Name} = {wrapperCall};";
        return new StepExtraction(statement, member, methodName, call, method.ToString());
    }

    /// <summary>Fields, <c>this</c> and primary-constructor parameters stay reachable from an instance step method.</summary>
    private static bool IsInstanceState(ISymbol variable) =>
        variable is IParameterSymbol { IsThis: true } or IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } };

    /// <summary>
    /// The type of a variable where the statement first reads it, with its null state there: a <c>var</c> local is
    /// declared nullable, but a parameter should say <c>string</c> when the value cannot be null.
    /// </summary>
    private static ITypeSymbol? FlowType(SemanticModel model, StatementSyntax statement, ISymbol variable, CancellationToken cancellationToken)
    {
        foreach (var use in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (use.Identifier.ValueText == variable.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use, cancellationToken).Symbol, variable))
            {
                return WithFlowState(model.GetTypeInfo(use, cancellationToken));
            }
        }

        return (variable as ILocalSymbol)?.Type ?? (variable as IParameterSymbol)?.Type;
    }

    /// <summary>The type of the declared variable's initializer (with its null state), else the variable's type.</summary>
    private static ITypeSymbol? ResultType(SemanticModel model, StatementSyntax statement, ISymbol variable, CancellationToken cancellationToken)
    {
        var declarator = statement.DescendantNodes().OfType<VariableDeclaratorSyntax>().FirstOrDefault(d => d.Identifier.ValueText == variable.Name);
        return declarator?.Initializer is { } initializer
            ? WithFlowState(model.GetTypeInfo(initializer.Value, cancellationToken))
            : (variable as ILocalSymbol)?.Type;
    }

    private static ITypeSymbol? WithFlowState(TypeInfo info) =>
        info.Type is { IsReferenceType: true } reference && info.Nullability.FlowState == NullableFlowState.NotNull
            ? reference.WithNullableAnnotation(NullableAnnotation.NotAnnotated)
            : info.Type;

    private static int FirstUse(SyntaxNode statement, ISymbol variable) =>
        statement.DescendantTokens().FirstOrDefault(t => t.ValueText == variable.Name).SpanStart;

    private static string DeclaredType(StatementSyntax statement, ISymbol variable) =>
        statement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } declaration
            && declaration.Declaration.Variables[0].Identifier.ValueText == variable.Name
                ? declaration.Declaration.Type.ToString()
                : "var";

    /// <summary>The step's name from the flagged API: <c>GetStringAsync</c> gives <c>GetString</c>, <c>DateTime.UtcNow</c> gives <c>UtcNow</c>.</summary>
    private static string BaseName(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        var name = model.GetOperation(node, cancellationToken) switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            IObjectCreationOperation creation => "Create" + creation.Type?.Name,
            _ => "Step",
        };
        return name.EndsWith("Async", StringComparison.Ordinal) && name.Length > 5 ? name.Substring(0, name.Length - 5) : name;
    }

    /// <summary>A method name free in the class whose wrapper name is free among the generated wrappers.</summary>
    private static string FreshStepName(INamedTypeSymbol workflow, ITypeSymbol? wrappers, string preferred)
    {
        var name = preferred;
        for (var i = 2; Taken(name); i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;

        bool Taken(string candidate) =>
            !workflow.GetMembers(candidate).IsEmpty
            || !workflow.GetMembers(DurableOperations.WrapperName(candidate)).IsEmpty
            || wrappers?.GetMembers(DurableOperations.WrapperName(candidate)).IsEmpty == false;
    }

    private static string Indentation(SyntaxNode node)
    {
        var text = node.GetLeadingTrivia().ToFullString();
        var lastNewLine = text.LastIndexOf('\n');
        var indent = lastNewLine >= 0 ? text.Substring(lastNewLine + 1) : text;
        return new string(indent.TakeWhile(char.IsWhiteSpace).ToArray());
    }

    /// <summary>The statement's lines, moved from its own indentation to <paramref name="indent"/>.</summary>
    private static IEnumerable<string> Reindent(StatementSyntax statement, string indent)
    {
        var original = Indentation(statement);
        var lines = statement.WithoutTrivia().ToFullString().Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = i > 0 && lines[i].StartsWith(original, StringComparison.Ordinal) ? lines[i].Substring(original.Length) : lines[i];
            yield return indent + line;
        }
    }
}
