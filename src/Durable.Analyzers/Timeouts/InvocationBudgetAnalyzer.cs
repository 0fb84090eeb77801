using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR5007: awaited steps that follow each other in one block of workflow code with no suspension between them
/// (no wait, callback result, invoke or condition check) share one invocation. When their known durations
/// (configured timeout, else constant delays) add up to more than the function timeout, the invocation is killed
/// inside the later step, which then runs again. Conservative: anything that may suspend (a child context, a
/// parallel or map, a call handed the context, a helper doing durable work, a branch or loop containing a
/// suspension) starts a new run; steps that are not awaited where they start, or that sit in branches and loops,
/// do not add. Steps that reach the timeout alone are DUR5001's and end the run. Each block of a workflow function
/// (method, lambda or local function with a context parameter) is one sequence; steps in LINQ or other plain
/// lambdas are not counted.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvocationBudgetAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.InvocationBudgetExceeded];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        var settings = new TimeoutSettings(context.Options.AnalyzerConfigOptionsProvider, durable.Symbols);
        var durations = durable.Steps;
        context.RegisterOperationAction(
            operation =>
            {
                var (function, body) = operation.FunctionAndBody();
                if (function is null || body is null || durable.Scopes.ClassifyFunction(function) != CodeKind.Workflow)
                {
                    return;
                }

                // Only a body that awaits two steps or more can run out of budget.
                var own = Run.Executed(body).ToList();
                if (own.Count(o => o is IInvocationOperation invocation && durable.Operations.Classify(invocation.TargetMethod).IsStep()) < 2)
                {
                    return;
                }

                var limit = settings.For(body.Syntax.SyntaxTree, operation.ContainingSymbol).Function;
                foreach (var block in own.OfType<IBlockOperation>())
                {
                    // Nested blocks, try bodies and using bodies are walked as part of the enclosing block's run.
                    if (block.Parent is IBlockOperation || block.Parent is ITryOperation { Body: var tryBody } && tryBody == block || block.Parent is IUsingOperation)
                    {
                        continue;
                    }

                    new Run(operation, durable, durations, limit).Statements(block.Operations);
                }
            },
            OperationExtensions.FunctionKinds);
    }

    /// <summary>The steps since the last suspension in one block, and their running total.</summary>
    private sealed class Run
    {
        private readonly OperationAnalysisContext _context;
        private readonly DurableAnalysisContext _durable;
        private readonly StepDurations _durations;
        private readonly TimeSpan _limit;
        private readonly List<string> _steps = [];
        private TimeSpan _total;
        private bool _reported;

        public Run(OperationAnalysisContext context, DurableAnalysisContext durable, StepDurations durations, TimeSpan limit)
        {
            _context = context;
            _durable = durable;
            _durations = durations;
            _limit = limit;
        }

        public void Statements(IEnumerable<IOperation> statements)
        {
            foreach (var statement in statements)
            {
                Statement(statement);
            }
        }

        private void Statement(IOperation statement)
        {
            switch (statement)
            {
                case IBlockOperation block:
                    Statements(block.Operations);
                    return;
                case ITryOperation tryOperation:
                    Statements(tryOperation.Body.Operations);
                    if (tryOperation.Catches.Any(MaySuspend) || (tryOperation.Finally is { } finallyBlock && MaySuspend(finallyBlock)))
                    {
                        Reset();
                    }

                    return;
                case IUsingOperation { Body: IBlockOperation body }:
                    Statements(body.Operations);
                    return;
                case IExpressionStatementOperation or IVariableDeclarationGroupOperation or IReturnOperation or IUsingDeclarationOperation:
                    foreach (var operation in Executed(statement))
                    {
                        Call(operation);
                    }

                    return;
                default:
                    // Branches, loops, switches, locks: whatever is inside may or may not run.
                    if (MaySuspend(statement))
                    {
                        Reset();
                    }

                    return;
            }
        }

        private void Call(IOperation operation)
        {
            if (operation is not IInvocationOperation invocation)
            {
                return;
            }

            var kind = _durable.Operations.Classify(invocation.TargetMethod);
            if (kind.IsStep())
            {
                if (IsAwaitedWhereStarted(invocation))
                {
                    Step(invocation);
                }

                return;
            }

            if (kind != DurableOperationKind.None && kind != DurableOperationKind.CreateCallback)
            {
                Reset();
                return;
            }

            if (kind == DurableOperationKind.None && DurableWork.Is(invocation, _durable, unknownCallsCount: false, _context.CancellationToken))
            {
                Reset();
            }
        }

        private void Step(IInvocationOperation call)
        {
            var estimate = _durations.Estimate(call, _context.CancellationToken) ?? TimeSpan.Zero;
            if (estimate >= _limit)
            {
                Reset();
                return;
            }

            if (estimate == TimeSpan.Zero)
            {
                return;
            }

            _steps.Add(Name(call));
            _total += estimate;
            if (!_reported && _steps.Count >= 2 && _total > _limit)
            {
                _reported = true;
                _context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.InvocationBudgetExceeded,
                    call.InvocationNameLocation(),
                    List(_steps),
                    DurationText.Format(_total),
                    DurationText.Format(_limit)));
            }
        }

        private void Reset()
        {
            _steps.Clear();
            _total = TimeSpan.Zero;
            _reported = false;
        }

        private bool MaySuspend(IOperation statement)
        {
            foreach (var operation in Executed(statement))
            {
                if (operation is IInvocationOperation invocation)
                {
                    var kind = _durable.Operations.Classify(invocation.TargetMethod);
                    if ((kind != DurableOperationKind.None && !kind.IsStep() && kind != DurableOperationKind.CreateCallback)
                        || (kind == DurableOperationKind.None && DurableWork.Is(invocation, _durable, unknownCallsCount: false, _context.CancellationToken)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The operations of a statement in source order, without the bodies of lambdas and local functions.</summary>
        public static IEnumerable<IOperation> Executed(IOperation root)
        {
            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                yield return operation;
                if (operation != root && operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                var children = operation.ChildOperations.ToList();
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    stack.Push(children[i]);
                }
            }
        }

        private static bool IsAwaitedWhereStarted(IInvocationOperation invocation)
        {
            IOperation current = invocation;
            while (current.Parent is IConversionOperation or IParenthesizedOperation
                || current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
            {
                current = current.Parent;
            }

            return current.Parent is IAwaitOperation;
        }

        private string Name(IInvocationOperation call)
        {
            if (call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name")?.Value.ConstantValue is { HasValue: true, Value: string name })
            {
                return "'" + name + "'";
            }

            if (_durable.Operations.FindWrappedStep(call.TargetMethod) is { } method)
            {
                var attribute = _durable.Symbols.StepAttributeOf(method);
                var explicitName = attribute?.ConstructorArguments.FirstOrDefault().Value as string;
                var methodName = method.Name.EndsWith("Async", StringComparison.Ordinal) && method.Name.Length > 5 ? method.Name.Substring(0, method.Name.Length - 5) : method.Name;
                return "'" + (explicitName ?? methodName) + "'";
            }

            var line = call.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            return "the step on line " + line.ToString(CultureInfo.InvariantCulture);
        }

        private static string List(IReadOnlyList<string> names) =>
            names.Count == 1 ? names[0]
            : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
    }
}
