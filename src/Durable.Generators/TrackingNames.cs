namespace Durable.Generators;

/// <summary>The names of the generator's pipeline steps (<c>WithTrackingName</c>), for caching tests.</summary>
public static class TrackingNames
{
    /// <summary>Each <c>[DurableWorkflow]</c> class parsed into a spec (null when invalid).</summary>
    public const string Workflow = nameof(Workflow);

    /// <summary>The specs of valid workflows.</summary>
    public const string ValidWorkflow = nameof(ValidWorkflow);

    /// <summary>The assembly facts selected from the compilation.</summary>
    public const string Assembly = nameof(Assembly);

    /// <summary>Whether the project asks for the custom-runtime entry point.</summary>
    public const string BootstrapEnabled = nameof(BootstrapEnabled);

    /// <summary>Whether any workflow can be served by the entry point.</summary>
    public const string AnyHostedWorkflow = nameof(AnyHostedWorkflow);
}
