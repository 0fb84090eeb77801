using System.Collections.Concurrent;
using System.Globalization;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Analyzers;

/// <summary>The function and execution timeouts that apply to a piece of workflow code, and where each came from.</summary>
internal readonly struct Timeouts
{
    public Timeouts(TimeSpan function, TimeSpan execution)
    {
        Function = function;
        Execution = execution;
    }

    public TimeSpan Function { get; }

    public TimeSpan Execution { get; }
}

/// <summary>
/// Reads the timeouts the timeout rules compare against. Precedence, highest first: the workflow class's
/// <c>[DurableWorkflow(FunctionTimeoutSeconds = ..., ExecutionTimeoutSeconds = ...)]</c>; the .editorconfig keys
/// <c>durable.function_timeout_seconds</c> / <c>durable.execution_timeout_seconds</c>; the MSBuild properties
/// <c>DurableFunctionTimeoutSeconds</c> / <c>DurableExecutionTimeoutSeconds</c> (as <c>build_property.*</c>);
/// Lambda's defaults (900 seconds; 366 days). Invalid option values are ignored and reported as DUR5008.
/// </summary>
internal sealed class TimeoutSettings
{
    public const string FunctionTimeoutKey = "durable.function_timeout_seconds";
    public const string ExecutionTimeoutKey = "durable.execution_timeout_seconds";
    public const string FunctionTimeoutProperty = "build_property.DurableFunctionTimeoutSeconds";
    public const string ExecutionTimeoutProperty = "build_property.DurableExecutionTimeoutSeconds";
    public const int MaxFunctionTimeoutSeconds = 900;
    public const int MaxExecutionTimeoutSeconds = 31_622_400;

    private const string FunctionRange = "a whole number of seconds from 1 to 900";
    private const string ExecutionRange = "a whole number of seconds from 1 to 31622400";

    private readonly AnalyzerConfigOptionsProvider _options;
    private readonly DurableSymbols _symbols;
    private readonly ConcurrentDictionary<SyntaxTree, (int? Function, int? Execution)> _treeValues = new();
    private readonly int? _globalFunction;
    private readonly int? _globalExecution;

    public TimeoutSettings(AnalyzerConfigOptionsProvider options, DurableSymbols symbols)
    {
        _options = options;
        _symbols = symbols;
        _globalFunction = Parse(options.GlobalOptions, FunctionTimeoutProperty, MaxFunctionTimeoutSeconds);
        _globalExecution = Parse(options.GlobalOptions, ExecutionTimeoutProperty, MaxExecutionTimeoutSeconds);
    }

    /// <summary>The timeouts for code in <paramref name="tree"/> inside <paramref name="member"/>.</summary>
    public Timeouts For(SyntaxTree tree, ISymbol? member)
    {
        var (treeFunction, treeExecution) = _treeValues.GetOrAdd(tree, t =>
        {
            var options = _options.GetOptions(t);
            return (Parse(options, FunctionTimeoutKey, MaxFunctionTimeoutSeconds), Parse(options, ExecutionTimeoutKey, MaxExecutionTimeoutSeconds));
        });

        int? attributeFunction = null;
        int? attributeExecution = null;
        if (WorkflowAttribute(member) is { } attribute)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Value.Value is int seconds && seconds > 0)
                {
                    if (argument.Key == DurableMetadataNames.WorkflowFunctionTimeoutArgument)
                    {
                        attributeFunction = seconds;
                    }
                    else if (argument.Key == DurableMetadataNames.WorkflowExecutionTimeoutArgument)
                    {
                        attributeExecution = seconds;
                    }
                }
            }
        }

        var function = attributeFunction ?? treeFunction ?? _globalFunction ?? MaxFunctionTimeoutSeconds;
        var execution = attributeExecution ?? treeExecution ?? _globalExecution ?? MaxExecutionTimeoutSeconds;
        return new Timeouts(TimeSpan.FromSeconds(function), TimeSpan.FromSeconds(execution));
    }

    /// <summary>The invalid option values that apply to <paramref name="tree"/>: (key, value, what was expected).</summary>
    public IEnumerable<(string Key, string Value, string Expected)> InvalidTreeOptions(SyntaxTree tree) =>
        Invalid(_options.GetOptions(tree), (FunctionTimeoutKey, MaxFunctionTimeoutSeconds, FunctionRange), (ExecutionTimeoutKey, MaxExecutionTimeoutSeconds, ExecutionRange));

    /// <summary>The invalid MSBuild property values (project-wide).</summary>
    public IEnumerable<(string Key, string Value, string Expected)> InvalidGlobalOptions() =>
        Invalid(_options.GlobalOptions, (FunctionTimeoutProperty, MaxFunctionTimeoutSeconds, FunctionRange), (ExecutionTimeoutProperty, MaxExecutionTimeoutSeconds, ExecutionRange));

    private static IEnumerable<(string Key, string Value, string Expected)> Invalid(AnalyzerConfigOptions options, params (string Key, int Max, string Expected)[] keys)
    {
        foreach (var (key, max, expected) in keys)
        {
            if (options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) && Parse(options, key, max) is null)
            {
                yield return (key, value, expected);
            }
        }
    }

    private AttributeData? WorkflowAttribute(ISymbol? member)
    {
        for (var type = member as INamedTypeSymbol ?? member?.ContainingType; type is not null; type = type.ContainingType)
        {
            if (_symbols.WorkflowAttributeOf(type) is { } attribute)
            {
                return attribute;
            }
        }

        return null;
    }

    private static int? Parse(AnalyzerConfigOptions options, string key, int max) =>
        options.TryGetValue(key, out var text)
        && int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds >= 1 && seconds <= max
            ? seconds
            : null;
}
