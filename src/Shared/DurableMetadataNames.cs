namespace Durable.Metadata;

/// <summary>
/// Metadata names of the Durable.Runtime types that the compiler components recognise by symbol. Linked into the
/// generator and the analyzers (never referenced as an assembly: the components must not load the runtime), so a
/// renamed runtime type is renamed here once. Partial: each component may add the names only it needs in its own file.
/// </summary>
internal static partial class DurableMetadataNames
{
    public const string DurableContext = "Durable.IDurableContext";
    public const string StepContext = "Durable.IStepContext";
    public const string WaitForCallbackContext = "Durable.IWaitForCallbackContext";
    public const string ConditionCheckContext = "Durable.IConditionCheckContext";
    public const string Callback = "Durable.ICallback`1";
    public const string DurableWorkflowAttribute = "Durable.DurableWorkflowAttribute";
    public const string DurableStepAttribute = "Durable.DurableStepAttribute";
    public const string DurableContextScope = "Durable.DurableContextScope";

    /// <summary>The nested type the generator emits in each workflow class for the <c>Steps</c> wrappers (docs/authoring.md).</summary>
    public const string StepWrappersTypeName = "StepWrappers";

    /// <summary>The property of a workflow class that returns the <see cref="StepWrappersTypeName"/> wrappers.</summary>
    public const string StepsPropertyName = "Steps";

    /// <summary>The wrapper method that binds the wrappers to an explicit context.</summary>
    public const string StepWrappersOnMethodName = "On";

    /// <summary>The workflow's run method.</summary>
    public const string RunMethodName = "RunAsync";
}
