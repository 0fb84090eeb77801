using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>Chained invokes (protocol §9.7): the start, and every outcome on replay.</summary>
public class InvokeTests
{
    [Fact]
    public async Task A_fresh_invoke_starts_synchronously_with_the_payload_function_and_tenant_and_suspends()
    {
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await ctx.InvokeAsync<int, string>("billing:prod", 42, "charge", new InvokeConfig { TenantId = "acme" }))
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        var start = Assert.Single(client.AllUpdates);
        Assert.Equal((OperationType.ChainedInvoke, OperationSubTypes.ChainedInvoke, "charge", "42"), (start.Type, start.SubType, start.Name, start.Payload));
        Assert.Equal(("billing:prod", "acme"), (start.ChainedInvokeOptions!.FunctionName, start.ChainedInvokeOptions.TenantId));
    }

    public static TheoryData<OperationStatus, Type> Failures => new()
    {
        { OperationStatus.Failed, typeof(InvokeFailedException) },
        { OperationStatus.TimedOut, typeof(InvokeTimedOutException) },
        { OperationStatus.Stopped, typeof(InvokeStoppedException) },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_failed_outcome_raises_its_own_exception_naming_the_function(OperationStatus status, Type expected)
    {
        InvokeException? seen = null;
        await Workflows.Of(async ctx =>
        {
            try
            {
                return await ctx.InvokeAsync<string, string>("billing", "x");
            }
            catch (InvokeException ex)
            {
                seen = ex;
                return "caught";
            }
        }).InvokeAsync(Envelopes.Create("null", Envelopes.Invoke(1, status, error: new ErrorObject { ErrorType = "T", ErrorMessage = "m" })), new ScriptedClient());
        Assert.IsType(expected, seen);
        Assert.Equal(("billing", "T", "m"), (seen!.FunctionName, seen.ErrorType, seen.Message));
    }

    [Fact]
    public async Task A_succeeded_invoke_returns_the_result_read_with_the_result_serializer()
    {
        var output = await Workflows.Of(async ctx => await ctx.InvokeAsync("f", "in", DurableJson.Default.GetDurableSerializer<string>(), DurableSerializer.Create(v => v, p => p!.ToUpperInvariant())))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Invoke(1, OperationStatus.Succeeded, "\"ok\"")), new ScriptedClient());
        Assert.Equal("\"\\u0022OK\\u0022\"", output.Result);
    }

    [Fact]
    public async Task A_blank_function_name_is_rejected()
    {
        var output = await Workflows.Of(async ctx => await ctx.InvokeAsync<string, string>(" ", "x")).InvokeAsync(Envelopes.Create("null"), new ScriptedClient());
        Assert.Equal("System.ArgumentException", output.Error!.ErrorType);
    }
}
