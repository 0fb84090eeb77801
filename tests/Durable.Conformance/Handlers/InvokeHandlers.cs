using System.Text.Json.Nodes;
using Durable.Conformance.Driver;

namespace Durable.Conformance.Handlers;

/// <summary>Handlers of the <c>invoke</c> category (5-x); targets are durable functions as in the templates.</summary>
internal static class InvokeHandlers
{
    internal sealed record NamedPayload(string Name, string Payload);

    internal sealed record TenantPayload(string TenantId, string Payload);

    [Requirement("5-1")]
    internal sealed class InvokeEcho : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetEcho();
            environment.Register<string, string>(async (input, context) => await context.InvokeAsync<string, string>(target, input));
        }
    }

    [Requirement("5-2")]
    internal sealed class InvokeWithName : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetEcho();
            environment.Register<NamedPayload, string>(async (input, context) => await context.InvokeAsync<string, string>(target, input.Payload, input.Name));
        }
    }

    [Requirement("5-4")]
    internal sealed class InvokeWithNull : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetEcho();
            environment.Register<JsonNode?, JsonNode?>(async (_, context) => await context.InvokeAsync<JsonNode?, JsonNode?>(target, null));
        }
    }

    [Requirement("5-5")]
    internal sealed class InvokeFailingTarget : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetError();
            environment.Register<JsonNode?, JsonNode?>(async (input, context) => await context.InvokeAsync<JsonNode?, JsonNode?>(target, input));
        }
    }

    [Requirement("5-7")]
    internal sealed class InvokeLargePayload : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetEcho();
            environment.Register<JsonNode?, int>(async (_, context) =>
                (await context.InvokeAsync<string, string>(target, new string('p', 240 * 1024))).Length);
        }
    }

    [Requirement("5-8")]
    internal sealed class InvokeWithTenant : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetEcho("target-echo-tenant");
            environment.Register<TenantPayload, string>(async (input, context) =>
                await context.InvokeAsync<string, string>(target, input.Payload, config: new InvokeConfig { TenantId = input.TenantId }));
        }
    }

    [Requirement("5-10")]
    internal sealed class FailedInvokeThenWait : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetError();
            environment.Register<JsonNode?, string>(async (_, context) =>
            {
                string outcome;
                try
                {
                    await context.InvokeAsync<JsonNode?, JsonNode?>(target, null);
                    outcome = "unexpected success";
                }
                catch (InvokeFailedException ex)
                {
                    outcome = "caught: " + ex.Message;
                }

                await context.WaitAsync(TimeSpan.FromSeconds(1));
                return outcome;
            });
        }
    }

    [Requirement("5-11")]
    internal sealed class StepThenInvoke : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetEcho();
            environment.Register<JsonNode?, string>(async (_, context) =>
            {
                var data = await context.StepAsync(_ => "from-step");
                return await context.InvokeAsync<string, string>(target, data);
            });
        }
    }

    [Requirement("5-12")]
    internal sealed class InvokeThenStep : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetEcho();
            environment.Register<JsonNode?, string>(async (_, context) =>
            {
                var echoed = await context.InvokeAsync<string, string>(target, "to-target");
                return await context.StepAsync(_ => echoed + " processed");
            });
        }
    }

    [Requirement("5-14")]
    internal sealed class TwoSequentialInvokes : RequirementHandler
    {
        public override void Register(ConformanceEnvironment environment)
        {
            var first = environment.TargetEcho("target-echo-1");
            var second = environment.TargetEcho("target-echo-2");
            environment.Register<JsonNode?, string[]>(async (_, context) =>
            [
                await context.InvokeAsync<string, string>(first, "one"),
                await context.InvokeAsync<string, string>(second, "two"),
            ]);
        }
    }

    [Requirement("5-16")]
    internal sealed class InvokeCustomResultSerdes : RequirementHandler
    {
        /// <summary>Reads the target's raw result payload upper-cased (quotes included).</summary>
        private static readonly DurableSerializer<string> UppercaseOnRead = DurableSerializer.Create<string>(value => value, payload => (payload ?? string.Empty).ToUpperInvariant());

        public override void Register(ConformanceEnvironment environment)
        {
            var target = environment.TargetEcho();
            environment.Register<string, string>(async (input, context) =>
                await context.InvokeAsync(target, input, ConformanceEnvironment.Json.GetDurableSerializer<string>(), UppercaseOnRead));
        }
    }
}
