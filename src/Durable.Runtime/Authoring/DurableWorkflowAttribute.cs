namespace Durable;

/// <summary>
/// Marks a <see langword="partial"/> class as a durable workflow. The class declares one run method,
/// <c>RunAsync(TInput input, IDurableContext context)</c> returning <see cref="Task{TResult}"/> or <see cref="Task"/>,
/// and any number of <see cref="DurableStepAttribute">[DurableStep]</see> methods. The source generator then emits:
/// <list type="bullet">
/// <item>a <c>Steps</c> property whose methods call each step through a checkpointed, typed wrapper;</item>
/// <item>JSON serialization metadata for every payload type (no reflection, trim- and AOT-safe);</item>
/// <item>a <see cref="Hosting.DurableWorkflowRegistration"/> (the static <c>Registration</c> property), registered by
/// name at start-up so the local engine, the test runner and the <c>durable</c> tool find the workflow;</item>
/// <item>the Lambda entry points: a managed-runtime handler class <c>{Class}LambdaFunction</c> and, with the MSBuild
/// property <c>DurableLambdaBootstrap=true</c>, a custom-runtime <c>Main</c>.</item>
/// </list>
/// </summary>
/// <remarks>
/// A new instance of the class runs each invocation, so instance fields never carry state between replays.
/// Constructor parameters are resolved from <see cref="Hosting.DurableFunctionOptions.Services"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DurableWorkflowAttribute : Attribute
{
    /// <summary>Marks a workflow named after its class.</summary>
    public DurableWorkflowAttribute()
    {
    }

    /// <summary>Marks a workflow with an explicit function name.</summary>
    /// <param name="name">The name the engine, the tools and <c>InvokeAsync</c> callers use.</param>
    public DurableWorkflowAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The workflow's function name; the class name when null.</summary>
    public string? Name { get; }

    /// <summary>
    /// The Lambda function timeout in seconds (1–900; Lambda's default for durable functions is 900). The local
    /// engine kills an invocation that runs longer, and the analyzers warn about steps that cannot finish within it.
    /// </summary>
    public int FunctionTimeoutSeconds { get; set; } = 900;

    /// <summary>
    /// The execution timeout in seconds (1–31,622,400, that is up to 366 days); 0 leaves the service default. Waits and
    /// callback timeouts beyond it are reported by the analyzers.
    /// </summary>
    public int ExecutionTimeoutSeconds { get; set; }

    /// <summary>
    /// A <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> type whose metadata is consulted before
    /// the generated metadata: the escape hatch for payload shapes the generator does not support.
    /// </summary>
    public Type? JsonContext { get; set; }
}
