using System.Text;
using Durable.Analyzers;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Durable.CodeFixes;

/// <summary>
/// One planned extraction of consecutive statements of workflow code into a new <c>[DurableStep]</c> method of the
/// workflow class, called through its generated wrapper. The checks, in order: the statements are in one block of
/// an async function of a <c>[DurableWorkflow]</c> class with nothing (no lambda) in between; control leaves them
/// only at the end (no return, break, continue, goto); they write no variable of the enclosing code (the write
/// would be lost: DUR3001); at most one variable they declare is read afterwards (it becomes the result); every
/// value they read from outside is JSON-friendly (it becomes a parameter) while fields, <c>this</c> and
/// primary-constructor services stay on the instance; and the generated <c>Steps</c> stays reachable from the call
/// site (the generator makes it an instance property as soon as one step is an instance method).
/// </summary>
internal sealed class StepExtraction
{
    private readonly IReadOnlyList<StatementSyntax> _statements;
    private readonly MemberDeclarationSyntax _member;
    private readonly string _call;
    private readonly string _method;

    private StepExtraction(IReadOnlyList<StatementSyntax> statements, MemberDeclarationSyntax member, string methodName, string call, string method)
    {
        _statements = statements;
        _member = member;
        MethodName = methodName;
        _call = call;
        _method = method;
    }

    public string MethodName { get; }

    /// <summary>The extraction of the statement that contains <paramref name="node"/> (a diagnostic's node).</summary>
    public static StepExtraction? ForNode(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        var statement = node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent is BlockSyntax);
        return statement is null || FixSyntax.EnclosingFunction(statement) != FixSyntax.EnclosingFunction(node)
            ? null
            : Plan(model, [statement], node, cancellationToken);
    }

    /// <summary>The extraction of the whole statements of one block that <paramref name="selection"/> covers.</summary>
    public static StepExtraction? ForSelection(SemanticModel model, SyntaxNode root, TextSpan selection, CancellationToken cancellationToken)
    {
        if (selection.IsEmpty)
        {
            return null;
        }

        var covered = root.DescendantNodes(selection)
            .OfType<StatementSyntax>()
            .Where(s => s.Parent is BlockSyntax && selection.Contains(s.Span))
            .ToList();
        if (covered.Count == 0)
        {
            return null;
        }

        // The outermost covered statements, and only if they are consecutive in their block.
        var block = (BlockSyntax)covered.OrderBy(s => s.Ancestors().Count()).First().Parent!;
        var statements = block.Statements.Where(s => selection.Contains(s.Span)).ToList();
        var first = block.Statements.IndexOf(statements[0]);
        if (statements.Where((s, i) => block.Statements.IndexOf(s) != first + i).Any())
        {
            return null;
        }

        var nameSource = statements.SelectMany(s => s.DescendantNodes()).FirstOrDefault(n => n is InvocationExpressionSyntax) ?? statements[0];
        return Plan(model, statements, nameSource, cancellationToken);
    }

    public SyntaxNode Apply(SyntaxNode root)
    {
        var tracked = root.TrackNodes(_statements.Cast<SyntaxNode>().Append(_member));
        var first = _statements[0];
        var call = SyntaxFactory.ParseStatement(_call).WithLeadingTrivia(first.GetLeadingTrivia()).WithTrailingTrivia(_statements[_statements.Count - 1].GetTrailingTrivia());
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(first)!, call);
        if (_statements.Count > 1)
        {
            tracked = tracked.RemoveNodes(_statements.Skip(1).Select(s => tracked.GetCurrentNode(s)!), SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        var member = tracked.GetCurrentNode(_member)!;
        return tracked.InsertNodesAfter(member, [SyntaxFactory.ParseMemberDeclaration(_method)!]);
    }

    private static StepExtraction? Plan(SemanticModel model, IReadOnlyList<StatementSyntax> statements, SyntaxNode nameSource, CancellationToken cancellationToken)
    {
        var first = statements[0];
        var last = statements[statements.Count - 1];
        var function = FixSyntax.EnclosingFunction(first);
        if (function is null
            || !FixSyntax.IsAsync(function)
            || statements.Any(s => s is LocalFunctionStatementSyntax or LabeledStatementSyntax or ReturnStatementSyntax or YieldStatementSyntax
                || s is LocalDeclarationStatementSyntax { IsConst: true } or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword })
            || first.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault() is not { } member
            || member.Parent is not TypeDeclarationSyntax)
        {
            return null;
        }

        var workflow = model.GetEnclosingSymbol(first.SpanStart, cancellationToken)?.ContainingType;
        var memberSymbol = model.GetDeclaredSymbol(member, cancellationToken);
        if (workflow is null || memberSymbol is null
            || !workflow.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DurableMetadataNames.DurableWorkflowAttribute))
        {
            return null;
        }

        var dataFlow = model.AnalyzeDataFlow(first, last);
        var controlFlow = model.AnalyzeControlFlow(first, last);
        if (dataFlow is null || controlFlow is null || !dataFlow.Succeeded || !controlFlow.Succeeded
            || !controlFlow.EndPointIsReachable || controlFlow.ExitPoints.Length > 0 || controlFlow.ReturnStatements.Length > 0)
        {
            return null;
        }

        var declared = dataFlow.VariablesDeclared;
        var results = declared.Where(v => dataFlow.ReadOutside.Contains(v)).ToList();
        if (results.Count > 1 || dataFlow.WrittenInside.Any(v => !declared.Contains(v) && !IsInstanceState(v)))
        {
            // Writing a variable of the enclosing code would be lost in the step (DUR3001); two results need a type.
            return null;
        }

        var usesInstance = statements.Any(s => model.GetOperation(s, cancellationToken)?.DescendantsAndSelf().Any(o => o is IInstanceReferenceOperation
            || o is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } }) == true);

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
            .OrderBy(v => FirstUse(statements, v))
            .ToList();
        var position = first.SpanStart;
        var parameters = new List<string>();
        foreach (var input in inputs)
        {
            var type = FlowType(model, statements, input, cancellationToken);
            if (!PayloadTypes.IsPayload(type, model.Compilation))
            {
                return null;
            }

            parameters.Add(FixSyntax.TypeName(model, position, type!) + " " + input.Name);
        }

        var result = results.FirstOrDefault();
        ITypeSymbol? resultType = null;
        if (result is not null)
        {
            resultType = ResultType(model, statements, result, cancellationToken);
            if (!PayloadTypes.IsPayload(resultType, model.Compilation))
            {
                return null;
            }
        }

        var isAsync = statements.Any(s => s.DescendantNodes().Any(n => n is AwaitExpressionSyntax && FixSyntax.EnclosingFunction(n) == function));
        var wrappers = workflow.GetTypeMembers(DurableMetadataNames.StepWrappersTypeName).FirstOrDefault();
        var methodName = FreshStepName(workflow, wrappers, BaseName(model, nameSource, cancellationToken));
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
        foreach (var line in Reindent(first, last, bodyIndent))
        {
            method.Append(line).Append('\n');
        }

        if (result is not null)
        {
            method.Append(bodyIndent).Append("return ").Append(result.Name).Append(";\n");
        }

        method.Append(memberIndent).Append("}\n");

        var arguments = string.Join(", ", inputs.Select(i => i.Name));
        var wrapperCall = $"await Steps.{DurableOperations.WrapperName(methodName)}({arguments})";
        var call = result is null
            ? wrapperCall + ";"
            : $"{DeclaredType(statements, result)} {result.Name} = {wrapperCall};";
        return new StepExtraction(statements, member, methodName, call, method.ToString());
    }

    /// <summary>Fields, <c>this</c> and primary-constructor parameters stay reachable from an instance step method.</summary>
    private static bool IsInstanceState(ISymbol variable) =>
        variable is IParameterSymbol { IsThis: true } or IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } };

    /// <summary>
    /// The type of a variable where the statements first read it, with its null state there: a <c>var</c> local is
    /// declared nullable, but a parameter should say <c>string</c> when the value cannot be null.
    /// </summary>
    private static ITypeSymbol? FlowType(SemanticModel model, IReadOnlyList<StatementSyntax> statements, ISymbol variable, CancellationToken cancellationToken)
    {
        foreach (var use in statements.SelectMany(s => s.DescendantNodes()).OfType<IdentifierNameSyntax>())
        {
            if (use.Identifier.ValueText == variable.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use, cancellationToken).Symbol, variable))
            {
                return WithFlowState(model.GetTypeInfo(use, cancellationToken));
            }
        }

        return (variable as ILocalSymbol)?.Type ?? (variable as IParameterSymbol)?.Type;
    }

    /// <summary>The type of the result variable's initializer (with its null state), else the variable's type.</summary>
    private static ITypeSymbol? ResultType(SemanticModel model, IReadOnlyList<StatementSyntax> statements, ISymbol variable, CancellationToken cancellationToken)
    {
        var declarator = statements.SelectMany(s => s.DescendantNodesAndSelf()).OfType<VariableDeclaratorSyntax>().FirstOrDefault(d => d.Identifier.ValueText == variable.Name);
        return declarator?.Initializer is { } initializer
            ? WithFlowState(model.GetTypeInfo(initializer.Value, cancellationToken))
            : (variable as ILocalSymbol)?.Type;
    }

    private static ITypeSymbol? WithFlowState(TypeInfo info) =>
        info.Type is { IsReferenceType: true } reference && info.Nullability.FlowState == NullableFlowState.NotNull
            ? reference.WithNullableAnnotation(NullableAnnotation.NotAnnotated)
            : info.Type;

    private static int FirstUse(IReadOnlyList<StatementSyntax> statements, ISymbol variable) =>
        statements.SelectMany(s => s.DescendantTokens()).FirstOrDefault(t => t.ValueText == variable.Name).SpanStart;

    /// <summary>The result keeps its declared type when a single-variable declaration among the statements declares it.</summary>
    private static string DeclaredType(IReadOnlyList<StatementSyntax> statements, ISymbol variable) =>
        statements.OfType<LocalDeclarationStatementSyntax>()
            .FirstOrDefault(d => d.Declaration.Variables.Count == 1 && d.Declaration.Variables[0].Identifier.ValueText == variable.Name)
            ?.Declaration.Type.ToString() ?? "var";

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

    /// <summary>The source lines from <paramref name="first"/> to <paramref name="last"/> (comments between them kept), re-indented.</summary>
    private static IEnumerable<string> Reindent(StatementSyntax first, StatementSyntax last, string indent)
    {
        var original = Indentation(first);
        var text = first.SyntaxTree.GetText().ToString(TextSpan.FromBounds(first.SpanStart, last.Span.End));
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                yield return string.Empty;
                continue;
            }

            var line = i > 0 && lines[i].StartsWith(original, StringComparison.Ordinal) ? lines[i].Substring(original.Length) : lines[i];
            yield return indent + line;
        }
    }
}
