namespace Durable.Hosting;

/// <summary>
/// A workflow as the hosts see it: its function name, payload types, Lambda limits, and how to create its handler.
/// The source generator emits one per <see cref="DurableWorkflowAttribute">[DurableWorkflow]</see> class (its static
/// <c>Registration</c> property) and adds it to <see cref="DurableWorkflowRegistry"/> at module initialization.
/// </summary>
public sealed class DurableWorkflowRegistration
{
    private readonly Func<DurableFunctionOptions, DurableFunctionHandler> _createHandler;

    /// <summary>Describes a workflow.</summary>
    /// <param name="name">The function name (letters, digits, '-', '_'; 1–64 characters).</param>
    /// <param name="workflowType">The workflow class.</param>
    /// <param name="inputType">The workflow input type.</param>
    /// <param name="outputType">The workflow result type, or null when the workflow returns nothing.</param>
    /// <param name="createHandler">Creates the function's handler from the host's options.</param>
    /// <exception cref="ArgumentException">The name is not a valid function name.</exception>
    public DurableWorkflowRegistration(string name, Type workflowType, Type inputType, Type? outputType, Func<DurableFunctionOptions, DurableFunctionHandler> createHandler)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(workflowType);
        ArgumentNullException.ThrowIfNull(inputType);
        ArgumentNullException.ThrowIfNull(createHandler);
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid function name: use 1–64 letters, digits, '-' or '_'.", nameof(name));
        }

        Name = name;
        WorkflowType = workflowType;
        InputType = inputType;
        OutputType = outputType;
        _createHandler = createHandler;
    }

    /// <summary>The function name the engine, the tools and <c>InvokeAsync</c> callers use.</summary>
    public string Name { get; }

    /// <summary>The workflow class.</summary>
    public Type WorkflowType { get; }

    /// <summary>The workflow input type.</summary>
    public Type InputType { get; }

    /// <summary>The workflow result type, or null when the workflow returns nothing.</summary>
    public Type? OutputType { get; }

    /// <summary>The Lambda function timeout (900 s unless the attribute says otherwise).</summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>The execution timeout, or null for the host's default.</summary>
    public TimeSpan? ExecutionTimeout { get; init; }

    /// <summary>Creates the function's handler.</summary>
    /// <param name="options">Logging, services and checkpoint options; the generated serialization metadata is
    /// combined with (and consulted after) any resolver the options carry.</param>
    /// <returns>The handler.</returns>
    public DurableFunctionHandler CreateHandler(DurableFunctionOptions? options = null) =>
        _createHandler(options ?? DurableFunctionOptions.Default);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>
/// The workflows of the loaded assemblies, by function name. Generated module initializers fill it, so an
/// executable finds its workflows before <c>Main</c> runs; a library's workflows appear once its assembly is used.
/// </summary>
public static class DurableWorkflowRegistry
{
    private static readonly Dictionary<string, DurableWorkflowRegistration> s_byName = new(StringComparer.Ordinal);
    private static readonly object s_gate = new();

    /// <summary>Every registered workflow, ordered by name.</summary>
    public static IReadOnlyList<DurableWorkflowRegistration> All
    {
        get
        {
            lock (s_gate)
            {
                return [.. s_byName.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Adds a workflow. Registering the same registration twice is harmless.</summary>
    /// <param name="registration">The workflow.</param>
    /// <exception cref="InvalidOperationException">A different workflow already uses the name.</exception>
    public static void Register(DurableWorkflowRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (s_gate)
        {
            if (s_byName.TryGetValue(registration.Name, out var existing) && existing.WorkflowType != registration.WorkflowType)
            {
                throw new InvalidOperationException(
                    $"Two workflows are named '{registration.Name}': {existing.WorkflowType.FullName} and {registration.WorkflowType.FullName}. Give one an explicit name with [DurableWorkflow(\"...\")].");
            }

            s_byName[registration.Name] = registration;
        }
    }

    /// <summary>Finds a workflow by function name (case-sensitive).</summary>
    /// <param name="name">The function name.</param>
    /// <param name="registration">The workflow, or null.</param>
    /// <returns>Whether it was found.</returns>
    public static bool TryFind(string name, out DurableWorkflowRegistration? registration)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (s_gate)
        {
            return s_byName.TryGetValue(name, out registration);
        }
    }
}
