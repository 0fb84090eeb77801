namespace Durable.Metadata;

/// <summary>Runtime configuration and hosting types whose constant values the analyzers read (timeouts, waits).</summary>
internal static partial class DurableMetadataNames
{
    public const string StepConfig = "Durable.StepConfig";
    public const string CallbackConfig = "Durable.CallbackConfig";
    public const string DurableInvocationInfo = "Durable.Hosting.DurableInvocationInfo";
}
