using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// Evaluates durations known at compile time: <c>TimeSpan.FromX(constant)</c>, <c>new TimeSpan(...)</c>,
/// <c>TimeSpan.Zero</c>, constants (milliseconds for int arguments of <c>Thread.Sleep</c>/<c>Task.Delay</c>),
/// sums, differences and scalings of those, and static readonly fields or single-assignment locals initialised
/// with them. Anything else is unknown (null), and the timeout rules stay quiet about it.
/// </summary>
internal sealed class ConstantDurations
{
    private const int MaxDepth = 6;

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol? _timeSpan;
    private readonly ConcurrentDictionary<IFieldSymbol, TimeSpan?> _fields = new(SymbolEqualityComparer.Default);

    public ConstantDurations(Compilation compilation, DurableSymbols symbols)
    {
        _compilation = compilation;
        _timeSpan = symbols.TimeSpan;
    }

    /// <summary>The value of a <c>TimeSpan</c> expression, or of an <c>int</c>/<c>long</c> number of milliseconds.</summary>
    public TimeSpan? Evaluate(IOperation? operation, CancellationToken cancellationToken) => Evaluate(operation, 0, cancellationToken);

    private TimeSpan? Evaluate(IOperation? operation, int depth, CancellationToken cancellationToken)
    {
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        operation = DurableTasks.Unwrap(operation);
        if (!IsTimeSpan(operation.Type))
        {
            return Number(operation) is { } milliseconds ? FromMilliseconds(milliseconds) : null;
        }

        switch (operation)
        {
            case IDefaultValueOperation:
                return TimeSpan.Zero;

            case IFieldReferenceOperation field:
                if (field.Field.Name == "Zero" && IsTimeSpan(field.Field.ContainingType))
                {
                    return TimeSpan.Zero;
                }

                return FieldValue(field.Field, depth, cancellationToken);

            case ILocalReferenceOperation local:
                return Evaluate(DurableTasks.SingleInitializer(local), depth + 1, cancellationToken);

            case IInvocationOperation invocation when IsTimeSpan(invocation.TargetMethod.ContainingType) && invocation.TargetMethod.IsStatic:
                return FromFactory(invocation);

            case IObjectCreationOperation creation when IsTimeSpan(creation.Type):
                return FromConstructor(creation);

            case IBinaryOperation binary:
                return Combine(binary, depth, cancellationToken);

            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } negation:
                return Evaluate(negation.Operand, depth + 1, cancellationToken) is { } value ? value.Negate() : null;

            default:
                return null;
        }
    }

    private TimeSpan? Combine(IBinaryOperation binary, int depth, CancellationToken cancellationToken)
    {
        var left = IsTimeSpan(binary.LeftOperand.Type) ? Evaluate(binary.LeftOperand, depth + 1, cancellationToken) : null;
        var right = IsTimeSpan(binary.RightOperand.Type) ? Evaluate(binary.RightOperand, depth + 1, cancellationToken) : null;
        switch (binary.OperatorKind)
        {
            case BinaryOperatorKind.Add when left is { } a && right is { } b:
                return Checked(() => a + b);
            case BinaryOperatorKind.Subtract when left is { } a && right is { } b:
                return Checked(() => a - b);
            case BinaryOperatorKind.Multiply:
                if (left is { } l && Number(binary.RightOperand) is { } factor)
                {
                    return Ticks(l.Ticks * factor);
                }

                return right is { } r && Number(binary.LeftOperand) is { } leftFactor ? Ticks(r.Ticks * leftFactor) : null;
            case BinaryOperatorKind.Divide when left is { } dividend && Number(binary.RightOperand) is { } divisor && divisor != 0:
                return Ticks(dividend.Ticks / divisor);
            default:
                return null;
        }
    }

    private static TimeSpan? FromFactory(IInvocationOperation invocation)
    {
        // TimeSpan.FromSeconds(30) and the .NET 9 overloads FromSeconds(long seconds, long milliseconds = 0, ...):
        // every argument must be constant; the first gives the unit, the others the smaller units that follow.
        var values = new double[invocation.Arguments.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (Number(invocation.Arguments[i].Value) is not { } value)
            {
                return null;
            }

            values[i] = value;
        }

        if (values.Length == 0)
        {
            return null;
        }

        var units = invocation.TargetMethod.Name switch
        {
            "FromDays" => new[] { TimeSpan.TicksPerDay, TimeSpan.TicksPerHour, TimeSpan.TicksPerMinute, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMillisecond, 10L },
            "FromHours" => new[] { TimeSpan.TicksPerHour, TimeSpan.TicksPerMinute, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMillisecond, 10L },
            "FromMinutes" => new[] { TimeSpan.TicksPerMinute, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMillisecond, 10L },
            "FromSeconds" => new[] { TimeSpan.TicksPerSecond, TimeSpan.TicksPerMillisecond, 10L },
            "FromMilliseconds" => new[] { TimeSpan.TicksPerMillisecond, 10L },
            "FromMicroseconds" => new[] { 10L },
            "FromTicks" => new[] { 1L },
            _ => null,
        };
        if (units is null || values.Length > units.Length)
        {
            return null;
        }

        double ticks = 0;
        for (var i = 0; i < values.Length; i++)
        {
            ticks += values[i] * units[i];
        }

        return Ticks(ticks);
    }

    private static TimeSpan? FromConstructor(IObjectCreationOperation creation)
    {
        var values = new long[creation.Arguments.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (Number(creation.Arguments[i].Value) is not { } value)
            {
                return null;
            }

            values[i] = (long)value;
        }

        return values.Length switch
        {
            0 => TimeSpan.Zero,
            1 => TimeSpan.FromTicks(values[0]),
            3 => Checked(() => new TimeSpan((int)values[0], (int)values[1], (int)values[2])),
            4 => Checked(() => new TimeSpan((int)values[0], (int)values[1], (int)values[2], (int)values[3])),
            5 => Checked(() => new TimeSpan((int)values[0], (int)values[1], (int)values[2], (int)values[3], (int)values[4])),
            _ => null,
        };
    }

    /// <summary>A static readonly <c>TimeSpan</c> field of this compilation initialised with a known duration.</summary>
    private TimeSpan? FieldValue(IFieldSymbol field, int depth, CancellationToken cancellationToken)
    {
        if (!field.IsStatic || !field.IsReadOnly)
        {
            return null;
        }

        if (_fields.TryGetValue(field.OriginalDefinition, out var known))
        {
            return known;
        }

        var value = Evaluate(FieldInitializer(field, cancellationToken), depth + 1, cancellationToken);
        return _fields.GetOrAdd(field.OriginalDefinition, value);
    }

    /// <summary>The initializer of a field declared in this compilation, or null.</summary>
    public IOperation? FieldInitializer(IFieldSymbol field, CancellationToken cancellationToken)
    {
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

#pragma warning disable RS1030 // Cross-tree read of a field initializer; the tree belongs to this compilation.
            var model = _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            if (reference.GetSyntax(cancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer: { } initializer }
                && model.GetOperation(initializer, cancellationToken) is IFieldInitializerOperation fieldInitializer)
            {
                return fieldInitializer.Value;
            }
        }

        return null;
    }

    private bool IsTimeSpan(ITypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _timeSpan);

    private static double? Number(IOperation operation)
    {
        var constant = DurableTasks.Unwrap(operation).ConstantValue;
        if (!constant.HasValue)
        {
            constant = operation.ConstantValue;
        }

        return constant is { HasValue: true, Value: { } value } && value is not string and not bool and not char
            ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    private static TimeSpan? FromMilliseconds(double milliseconds) => Ticks(milliseconds * TimeSpan.TicksPerMillisecond);

    /// <summary>A duration of <paramref name="ticks"/>, or unknown when it does not fit a TimeSpan.</summary>
    private static TimeSpan? Ticks(double ticks) =>
        double.IsNaN(ticks) || ticks >= long.MaxValue || ticks <= long.MinValue ? null : TimeSpan.FromTicks((long)ticks);

    /// <summary>Runs an arithmetic step that may overflow; an overflow makes the value unknown.</summary>
    private static TimeSpan? Checked(Func<TimeSpan> compute)
    {
        try
        {
            return compute();
        }
        catch (OverflowException)
        {
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
