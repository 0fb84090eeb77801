using System.ComponentModel;

namespace Durable.Hosting;

/// <summary>
/// Resolves the constructor parameters of generated workflow classes from <see cref="DurableFunctionOptions.Services"/>.
/// Called by generated code once per invocation (a new workflow instance each time); not meant for hand-written code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DurableWorkflowServices
{
    /// <summary>The service of type <typeparamref name="T"/>.</summary>
    /// <param name="services">The host's service provider, if any.</param>
    /// <param name="workflowType">The workflow class, for the error message.</param>
    /// <param name="parameterName">The constructor parameter, for the error message.</param>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <exception cref="InvalidOperationException">There is no provider, or it has no such service.</exception>
    public static T GetRequired<T>(IServiceProvider? services, Type workflowType, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(workflowType);
        if (services?.GetService(typeof(T)) is T service)
        {
            return service;
        }

        var problem = services is null
            ? "no service provider is configured (DurableFunctionOptions.Services is null)"
            : "the service provider in DurableFunctionOptions.Services has no such service";
        throw new InvalidOperationException(
            $"Workflow {workflowType.FullName} needs a {typeof(T).FullName} for its constructor parameter '{parameterName}', but {problem}. " +
            "Register the service and pass the provider as DurableFunctionOptions.Services, or give the parameter a default value.");
    }

    /// <summary>The service of type <typeparamref name="T"/>, or <paramref name="fallback"/> when there is none.</summary>
    /// <param name="services">The host's service provider, if any.</param>
    /// <param name="fallback">The parameter's default value.</param>
    /// <typeparam name="T">The parameter type.</typeparam>
    public static T GetOptional<T>(IServiceProvider? services, T fallback) =>
        services?.GetService(typeof(T)) is T service ? service : fallback;
}
