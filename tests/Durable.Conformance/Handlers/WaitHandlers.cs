using Durable.Conformance.Driver;

namespace Durable.Conformance.Handlers;

/// <summary>Handlers of the <c>wait</c> category (2-x).</summary>
internal static class WaitHandlers
{
    internal sealed record WaitCount(int CompletedWaits);

    [Requirement("2-1")]
    internal sealed class WaitBasic : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string?>(async (_, context) =>
            {
                await context.WaitAsync(TimeSpan.FromSeconds(2));
                return null;
            });
    }

    [Requirement("2-3")]
    internal sealed class SequentialNamedWaits : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, WaitCount>(async (_, context) =>
            {
                await context.WaitAsync(TimeSpan.FromSeconds(2), "wait-1");
                await context.WaitAsync(TimeSpan.FromSeconds(2), "wait-2");
                return new WaitCount(2);
            });
    }

    [Requirement("2-4")]
    internal sealed class WaitInMinutes : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment) =>
            environment.Register<string?, string?>(async (_, context) =>
            {
                await context.WaitAsync(TimeSpan.FromMinutes(1));
                return null;
            });
    }
}
