namespace Durable.Metadata;

/// <summary>
/// The metadata and member names the source generator reads or emits beyond the shared set: attribute arguments, the
/// durable operations whose type arguments are payloads, and the names of the generated members (docs/authoring.md).
/// </summary>
internal static partial class DurableMetadataNames
{
    public const string RetryStrategyInterface = "Durable.IRetryStrategy";
    public const string JsonSerializerContext = "System.Text.Json.Serialization.JsonSerializerContext";

    // Named arguments of [DurableStep].
    public const string StepSemanticsArgument = "Semantics";
    public const string StepRetryArgument = "Retry";
    public const string StepRetryStrategyArgument = "RetryStrategy";
    public const string StepTimeoutSecondsArgument = "TimeoutSeconds";

    // Named arguments of [DurableWorkflow].
    public const string WorkflowFunctionTimeoutArgument = "FunctionTimeoutSeconds";
    public const string WorkflowExecutionTimeoutArgument = "ExecutionTimeoutSeconds";
    public const string WorkflowJsonContextArgument = "JsonContext";

    /// <summary>The generated static property holding the workflow's <c>DurableWorkflowRegistration</c>.</summary>
    public const string RegistrationPropertyName = "Registration";

    /// <summary>The generated nested resolver class with the JSON metadata of the workflow's payload types.</summary>
    public const string JsonMetadataTypeName = "JsonMetadata";

    /// <summary>The suffix of the generated managed-runtime handler class (<c>{Class}LambdaFunction</c>).</summary>
    public const string LambdaFunctionSuffix = "LambdaFunction";

    /// <summary>The MSBuild property that turns on the custom-runtime <c>Main</c>.</summary>
    public const string LambdaBootstrapProperty = "build_property.DurableLambdaBootstrap";
}
