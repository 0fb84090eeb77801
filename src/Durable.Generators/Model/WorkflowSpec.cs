namespace Durable.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one workflow's file: a plain value with no Roslyn objects, so equal specs
/// mean identical output and the incremental pipeline skips the emitter.
/// </summary>
/// <param name="Type">Where the workflow class is declared.</param>
/// <param name="WorkflowName">The function name (the attribute's, or the class name).</param>
/// <param name="FunctionTimeoutSeconds">The Lambda function timeout.</param>
/// <param name="ExecutionTimeoutSeconds">The execution timeout; 0 leaves the host default.</param>
/// <param name="JsonContext">The user's <c>JsonSerializerContext</c> instance expression, consulted before the generated metadata; null when none.</param>
/// <param name="Run">The run method.</param>
/// <param name="Activation">How an instance is created per invocation; null when the run method is static.</param>
/// <param name="IsVisibleToAssembly">
/// The class is reachable from the rest of its assembly, so a module initializer can register it and a Lambda handler
/// class can call it (not so for private or protected nested classes).
/// </param>
/// <param name="Steps">The step methods, in declaration order.</param>
/// <param name="JsonTypes">The payload types with generated JSON metadata, ordered by type name.</param>
internal sealed record WorkflowSpec(
    TypeDeclarationSpec Type,
    string WorkflowName,
    int FunctionTimeoutSeconds,
    int ExecutionTimeoutSeconds,
    string? JsonContext,
    RunMethodSpec Run,
    ActivationSpec? Activation,
    bool IsVisibleToAssembly,
    EquatableArray<StepSpec> Steps,
    EquatableArray<JsonTypeSpec> JsonTypes);

/// <summary>A type declaration to reopen as <c>partial</c>: its namespace, enclosing types and own name.</summary>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="Name">The type's name.</param>
/// <param name="Keyword">The declaration keyword (<c>class</c> or <c>record</c>).</param>
/// <param name="IsStatic">Whether the class is static.</param>
/// <param name="FullName">The fully qualified name with <c>global::</c>.</param>
internal sealed record TypeDeclarationSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string Keyword,
    bool IsStatic,
    string FullName);

/// <summary>An enclosing type declaration.</summary>
/// <param name="Keyword">Its keyword (<c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c>, <c>interface</c>).</param>
/// <param name="Name">Its name.</param>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>The workflow's <c>RunAsync(TInput, IDurableContext)</c>.</summary>
/// <param name="InputType">The input type as written in signatures (nullable annotations kept).</param>
/// <param name="InputTypeOf">The input type as <c>typeof</c> takes it.</param>
/// <param name="OutputType">The result type as written in signatures; null for a plain <c>Task</c>.</param>
/// <param name="OutputTypeOf">The result type as <c>typeof</c> takes it; null for a plain <c>Task</c>.</param>
/// <param name="IsStatic">Whether the run method is static.</param>
internal sealed record RunMethodSpec(string InputType, string InputTypeOf, string? OutputType, string? OutputTypeOf, bool IsStatic);

/// <summary>The constructor used to create the workflow instance of each invocation.</summary>
/// <param name="Parameters">Its parameters, resolved from the host's service provider.</param>
internal sealed record ActivationSpec(EquatableArray<ServiceParameterSpec> Parameters);

/// <summary>A constructor parameter resolved from <c>DurableFunctionOptions.Services</c>.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Type">Its type as written in signatures.</param>
/// <param name="TypeOf">Its type as <c>typeof</c> takes it.</param>
/// <param name="Fallback">
/// The value used when the provider has no such service (the parameter's default, or <c>null</c> for a nullable
/// parameter); null when the service is required.
/// </param>
internal sealed record ServiceParameterSpec(string Name, string Type, string TypeOf, string? Fallback);
