namespace Durable.Generators.Model;

/// <summary>A <c>[DurableStep]</c> method and the wrapper that checkpoints it.</summary>
/// <param name="MethodName">The step method's name.</param>
/// <param name="WrapperName">The wrapper's name: the method name without <c>Async</c>, plus <c>Async</c>.</param>
/// <param name="CheckpointName">The name the step is recorded under.</param>
/// <param name="IsStatic">Whether the step method is static.</param>
/// <param name="ReturnKind">How the method returns its result.</param>
/// <param name="ResultType">The result type as written in signatures; null for steps without a result.</param>
/// <param name="Parameters">The method's parameters in order.</param>
/// <param name="Config">The attribute's configuration.</param>
/// <param name="ConfigFieldName">The name of the cached <c>StepConfig</c> field; null when the defaults apply.</param>
/// <param name="DocumentationReference">A <c>cref</c> to the method, or null when its signature has no cref form.</param>
internal sealed record StepSpec(
    string MethodName,
    string WrapperName,
    string CheckpointName,
    bool IsStatic,
    StepReturnKind ReturnKind,
    string? ResultType,
    EquatableArray<StepParameterSpec> Parameters,
    StepConfigSpec Config,
    string? ConfigFieldName,
    string? DocumentationReference);

/// <summary>How a step method returns.</summary>
internal enum StepReturnKind
{
    /// <summary>A value, synchronously.</summary>
    Value,

    /// <summary><c>void</c>.</summary>
    Void,

    /// <summary><c>Task</c>.</summary>
    Task,

    /// <summary><c>Task&lt;T&gt;</c>.</summary>
    TaskOfT,

    /// <summary><c>ValueTask</c>.</summary>
    ValueTask,

    /// <summary><c>ValueTask&lt;T&gt;</c>.</summary>
    ValueTaskOfT,
}

/// <summary>A step method parameter.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Type">Its type as written in signatures.</param>
/// <param name="Kind">What the wrapper passes for it.</param>
internal sealed record StepParameterSpec(string Name, string Type, StepParameterKind Kind);

/// <summary>What a step parameter receives.</summary>
internal enum StepParameterKind
{
    /// <summary>A payload value, taken by the wrapper.</summary>
    Payload,

    /// <summary>The attempt's <c>IStepContext</c>.</summary>
    StepContext,

    /// <summary>The attempt's cancellation token.</summary>
    CancellationToken,
}

/// <summary>The configuration of a step from its attribute.</summary>
/// <param name="Semantics">The <c>StepSemantics</c> member name, or null for the default.</param>
/// <param name="RetryPreset">The <c>RetryPreset</c> member name, or null for the default preset.</param>
/// <param name="RetryStrategyType">A custom <c>IRetryStrategy</c> type (wins over the preset), or null.</param>
/// <param name="TimeoutSeconds">The attempt timeout; 0 for none.</param>
internal sealed record StepConfigSpec(string? Semantics, string? RetryPreset, string? RetryStrategyType, int TimeoutSeconds)
{
    public bool IsDefault => Semantics is null && RetryPreset is null && RetryStrategyType is null && TimeoutSeconds == 0;
}
