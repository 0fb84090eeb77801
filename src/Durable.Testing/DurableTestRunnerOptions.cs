using Durable.Hosting;
using Durable.Local;
using Durable.Local.Functions;

namespace Durable.Testing;

/// <summary>Configuration of a <see cref="DurableTestRunner{TInput, TOutput}"/>.</summary>
public sealed record DurableTestRunnerOptions
{
    /// <summary>Serialization, logging and checkpoint options of the workflow under test.</summary>
    public DurableFunctionOptions FunctionOptions { get; init; } = DurableFunctionOptions.Default;

    /// <summary>Timeouts of the function under test (function timeout, execution timeout).</summary>
    public LocalFunctionOptions Function { get; init; } = new() { FunctionTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>The engine behind the runner; virtual time (time skipping) by default.</summary>
    public LocalEngineOptions Engine { get; init; } = new();

    /// <summary>The most invocations one execution may take before the test fails (a runaway loop guard).</summary>
    public int MaxInvocations { get; init; } = 100;

    /// <summary>The name the workflow is registered under.</summary>
    public string FunctionName { get; init; } = "workflow-under-test";
}
