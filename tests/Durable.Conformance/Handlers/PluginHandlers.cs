using Durable.Conformance.Driver;

namespace Durable.Conformance.Handlers;

/// <summary>
/// The <c>plugin</c> category (10-x) checks the instrumentation plugin API through captured function logs; both
/// arrive with the hosting work, until then each requirement reports NOT_IMPLEMENTED with that reason.
/// </summary>
[Requirement("10-1")]
[Requirement("10-3")]
[Requirement("10-4")]
[Requirement("10-7")]
[Requirement("10-8")]
[Requirement("10-9")]
[Requirement("10-10")]
[Requirement("10-12")]
[Requirement("10-13")]
[Requirement("10-15")]
[Requirement("10-17")]
[Requirement("10-19")]
[Requirement("10-20")]
[Requirement("10-22")]
[Requirement("10-23")]
internal sealed class PluginRequirements : RequirementHandler
{
    public override string? NotImplementedReason =>
        "Needs the instrumentation plugin API and its log records (the hosting and instrumentation issue).";

    public override void Register(ConformanceEnvironment environment) =>
        throw new NotSupportedException(NotImplementedReason);
}
