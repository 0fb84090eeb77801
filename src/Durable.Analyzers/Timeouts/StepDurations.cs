using System.Collections.Concurrent;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>A constant in-process delay inside a step body, with the running total up to and including it.</summary>
internal readonly struct StepDelay
{
    public StepDelay(IOperation call, TimeSpan duration, TimeSpan total)
    {
        Call = call;
        Duration = duration;
        Total = total;
    }

    public IOperation Call { get; }

    public TimeSpan Duration { get; }

    public TimeSpan Total { get; }
}

/// <summary>
/// What is known at compile time about how long a step runs: its configured timeout (<c>StepConfig.Timeout</c>,
/// <c>[DurableStep(TimeoutSeconds)]</c>) and the constant delays (<c>Thread.Sleep</c>, <c>Task.Delay</c>) on the
/// straight-line path of its body. Branches and loops are not counted (they may not run), so the delay total is
/// a lower bound and the timeout an upper bound.
/// </summary>
internal sealed class StepDurations
{
    private readonly DurableAnalysisContext _durable;
    private readonly SymbolSet _delays;
    private readonly ConcurrentDictionary<IMethodSymbol, TimeSpan?> _stepMethodEstimates = new(SymbolEqualityComparer.Default);

    public StepDurations(Compilation compilation, DurableAnalysisContext durable)
    {
        _durable = durable;
        _delays = new SymbolSet(compilation)
            .Add("System.Threading.Thread", "Sleep")
            .Add("System.Threading.Tasks.Task", "Delay");
    }

    /// <summary>The constant delays on the straight-line path of a function body, in order, with running totals.</summary>
    public IReadOnlyList<StepDelay> Delays(IOperation? body, CancellationToken cancellationToken)
    {
        var delays = new List<StepDelay>();
        var total = TimeSpan.Zero;
        Collect(body, delays, ref total, cancellationToken);
        return delays;
    }

    /// <summary>
    /// The longest a step call may keep its invocation busy, as far as known: its configured timeout, else its
    /// constant delays; null when nothing is known.
    /// </summary>
    public TimeSpan? Estimate(IInvocationOperation call, CancellationToken cancellationToken)
    {
        var kind = _durable.Operations.Classify(call.TargetMethod);
        if (kind == DurableOperationKind.StepWrapper)
        {
            return _durable.Operations.FindWrappedStep(call.TargetMethod) is { } method ? Estimate(method, cancellationToken) : null;
        }

        if (kind != DurableOperationKind.Step)
        {
            return null;
        }

        var config = call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "config");
        if (config is not null && ConfiguredTimeout(config.Value, cancellationToken) is { } timeout)
        {
            return timeout;
        }

        var step = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
        var body = step is null ? null : DurableTasks.Unwrap(step) switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Body,
            IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => Body(reference.Method, cancellationToken),
            _ => null,
        };
        return Total(Delays(body, cancellationToken));
    }

    /// <summary>The estimate for a <c>[DurableStep]</c> method: its TimeoutSeconds, else its constant delays (cached per method).</summary>
    public TimeSpan? Estimate(IMethodSymbol stepMethod, CancellationToken cancellationToken)
    {
        if (_stepMethodEstimates.TryGetValue(stepMethod, out var known))
        {
            return known;
        }

        var estimate = StepMethodTimeout(stepMethod) is { } seconds
            ? TimeSpan.FromSeconds(seconds)
            : Total(Delays(Body(stepMethod, cancellationToken), cancellationToken));
        return _stepMethodEstimates.GetOrAdd(stepMethod, estimate);
    }

    /// <summary><c>[DurableStep(TimeoutSeconds = N)]</c> with N &gt; 0, or null.</summary>
    public int? StepMethodTimeout(IMethodSymbol stepMethod)
    {
        var attribute = _durable.Symbols.StepAttributeOf(stepMethod);
        foreach (var argument in attribute?.NamedArguments ?? [])
        {
            if (argument.Key == DurableMetadataNames.StepTimeoutSecondsArgument && argument.Value.Value is int seconds && seconds > 0)
            {
                return seconds;
            }
        }

        return null;
    }

    /// <summary>The constant <c>Timeout</c> of a <c>StepConfig</c> expression (object creation, local or static field).</summary>
    public TimeSpan? ConfiguredTimeout(IOperation config, CancellationToken cancellationToken)
    {
        var value = DurableTasks.Unwrap(config);
        for (var depth = 0; depth < 4; depth++)
        {
            switch (value)
            {
                case ILocalReferenceOperation local when DurableTasks.SingleInitializer(local) is { } initializer:
                    value = DurableTasks.Unwrap(initializer);
                    continue;
                case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } when _durable.Durations.FieldInitializer(field, cancellationToken) is { } initializer:
                    value = DurableTasks.Unwrap(initializer);
                    continue;
                case IObjectCreationOperation { Initializer: { } initializer }:
                    foreach (var member in initializer.Initializers)
                    {
                        if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Timeout" } property } assignment
                            && DurableSymbols.DerivesFrom(property.Property.ContainingType, _durable.Symbols.StepConfig))
                        {
                            return _durable.Durations.Evaluate(assignment.Value, cancellationToken);
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The body operation of a source method (for method-group steps and <c>[DurableStep]</c> methods).</summary>
    public IOperation? Body(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_durable.Compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

#pragma warning disable RS1030 // Reading a step method's body in another tree; the tree belongs to this compilation.
            var model = _durable.Compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            if (model.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken) is { } body)
            {
                return body;
            }
        }

        return null;
    }

    private static TimeSpan? Total(IReadOnlyList<StepDelay> delays) => delays.Count == 0 ? null : delays[delays.Count - 1].Total;

    private void Collect(IOperation? operation, List<StepDelay> delays, ref TimeSpan total, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IMethodBodyOperation method:
                Collect(method.BlockBody ?? method.ExpressionBody, delays, ref total, cancellationToken);
                break;
            case IBlockOperation block:
                foreach (var statement in block.Operations)
                {
                    Collect(statement, delays, ref total, cancellationToken);
                }

                break;
            case ITryOperation tryOperation:
                Collect(tryOperation.Body, delays, ref total, cancellationToken);
                break;
            case IUsingOperation usingOperation:
                Collect(usingOperation.Body, delays, ref total, cancellationToken);
                break;
            case IExpressionStatementOperation statement:
                CollectDelay(statement.Operation, delays, ref total, cancellationToken);
                break;
            case IReturnOperation { ReturnedValue: { } value }:
                CollectDelay(value, delays, ref total, cancellationToken);
                break;
        }
    }

    private void CollectDelay(IOperation expression, List<StepDelay> delays, ref TimeSpan total, CancellationToken cancellationToken)
    {
        expression = DurableTasks.Unwrap(expression);
        if (expression is IAwaitOperation await)
        {
            expression = DurableTasks.Unwrap(await.Operation);
        }

        if (expression is IInvocationOperation invocation
            && _delays.Contains(invocation.TargetMethod)
            && invocation.Arguments.Length > 0
            && _durable.Durations.Evaluate(invocation.Arguments[0].Value, cancellationToken) is { } duration
            && duration > TimeSpan.Zero)
        {
            total = duration > TimeSpan.MaxValue - total ? TimeSpan.MaxValue : total + duration;
            delays.Add(new StepDelay(invocation, duration, total));
        }
    }
}
