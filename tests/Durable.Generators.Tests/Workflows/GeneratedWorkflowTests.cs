using System.Text.Json.Serialization.Metadata;
using Durable.Hosting;
using Durable.Protocol;
using Durable.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Durable.Generators.Tests.Workflows;

/// <summary>The generated wrappers, registration and activation at work on the local engine.</summary>
public class GeneratedWorkflowTests
{
    private static readonly OrderRequest s_request = new("o-1", "SKU-1", 3);

    [Fact]
    public async Task Steps_checkpoint_under_their_names_and_run_once_across_replays()
    {
        var log = new StepLog();
        using var runner = Runner(Services(log));

        var result = await runner.RunAsync(s_request);

        result.EnsureSucceeded();
        Assert.Equal(new OrderOutcome("o-1", 30, "o-1/Ship/1", 2, "hello"), result.Result);
        Assert.Equal(
            ["Validate", "cool-down", "reserve-stock", "shipping", "Notify", "Flaky", "Audit"],
            result.Operations.Where(o => o.ParentId is null).Select(o => o.Name));
        Assert.Equal(["reserve", "ship", "notify o-1", "flaky 1", "flaky 2", "audit done"], log.Entries);
        Assert.True(result.InvocationCount >= 3, "the wait and the retry each end an invocation");
    }

    [Fact]
    public async Task A_step_called_inside_a_child_context_is_checkpointed_in_that_child()
    {
        using var runner = Runner(Services(new StepLog()));

        var result = await runner.RunAsync(s_request);

        var shipping = result.GetOperation("shipping");
        var ship = Assert.Single(shipping.Children);
        Assert.Equal("Ship", ship.Name);
        Assert.Equal(OperationType.Step, ship.Type);
    }

    [Fact]
    public async Task The_attribute_configuration_reaches_the_step()
    {
        using var runner = Runner(Services(new StepLog()));

        var result = await runner.RunAsync(s_request);

        // Transient preset: retried after a first failure; the second attempt's result is checkpointed.
        var flaky = result.GetOperation("Flaky");
        Assert.Equal(2, flaky.Attempt);
        Assert.Equal(2, flaky.GetResult<int>());
    }

    [Fact]
    public async Task Every_invocation_gets_a_new_instance_with_its_services()
    {
        var log = new StepLog();
        using var runner = Runner(Services(log));

        var result = await runner.RunAsync(s_request);

        Assert.Equal(result.InvocationCount, log.Instances);
    }

    [Fact]
    public async Task A_missing_service_fails_the_invocation_with_a_message_naming_it()
    {
        var services = new ServiceCollection().AddSingleton(new StepLog()).BuildServiceProvider();
        using var runner = Runner(services);

        var result = await runner.RunAsync(s_request);

        Assert.True(result.IsFailed);
        Assert.Contains("Durable.Generators.Tests.Workflows.IInventory", result.Error!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'inventory'", result.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(typeof(GeneratedOrderWorkflow).FullName!, result.Error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_service_provider_the_message_says_so()
    {
        using var runner = Runner(services: null);

        var result = await runner.RunAsync(s_request);

        Assert.True(result.IsFailed);
        Assert.Contains("no service provider is configured", result.Error!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_optional_constructor_parameter_takes_its_service_when_there_is_one()
    {
        var services = new ServiceCollection().AddSingleton<IInventory, CountingInventory>().AddSingleton(new StepLog()).AddSingleton("bonjour").BuildServiceProvider();
        using var runner = Runner(services);

        var result = await runner.RunAsync(s_request);

        Assert.Equal("bonjour", result.EnsureSucceeded().Result!.Greeting);
    }

    [Fact]
    public void The_registration_describes_the_workflow_and_is_in_the_registry()
    {
        var registration = GeneratedOrderWorkflow.Registration;

        Assert.Equal("generated-order", registration.Name);
        Assert.Equal(typeof(GeneratedOrderWorkflow), registration.WorkflowType);
        Assert.Equal(typeof(OrderRequest), registration.InputType);
        Assert.Equal(typeof(OrderOutcome), registration.OutputType);
        Assert.Equal(TimeSpan.FromSeconds(120), registration.FunctionTimeout);
        Assert.Equal(TimeSpan.FromHours(1), registration.ExecutionTimeout);
        Assert.True(DurableWorkflowRegistry.TryFind("generated-order", out var found));
        Assert.Same(registration, found);
        Assert.Contains(DurableWorkflowRegistry.All, r => r.Name == nameof(NotifyWorkflow));
    }

    [Fact]
    public void The_user_context_comes_first_then_the_generated_metadata_then_the_hosts()
    {
        var host = DurableJson.CreateOptions(StjHostContext.Default);

        var options = PaymentWorkflow.Registration.CreateHandler(new DurableFunctionOptions { SerializerOptions = host }).Options.SerializerOptions;

        IJsonTypeInfoResolver[] expected = [PaymentJsonContext.Default, PaymentWorkflow.JsonMetadata.Default, .. host.TypeInfoResolverChain];
        Assert.Equal(expected.Length, options.TypeInfoResolverChain.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Same(expected[i], options.TypeInfoResolverChain[i]);
        }

        Assert.Equal(host.PropertyNamingPolicy, options.PropertyNamingPolicy);
    }

    [Fact]
    public async Task Shapes_the_generator_leaves_alone_are_served_by_the_users_context()
    {
        using var runner = new DurableTestRunner<PaymentMethod, PaymentMethod>(PaymentWorkflow.Registration);

        var result = await runner.RunAsync(new Card("4242"));

        Assert.Equal(new Card("4242"), result.EnsureSucceeded().Result);
        Assert.Contains("\"$type\":\"card\"", result.GetOperation("Echo").ResultPayload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflow_without_a_result_runs_with_an_object_result_type()
    {
        using var runner = new DurableTestRunner<IReadOnlyList<string>, object>(NotifyWorkflow.Registration);

        var result = await runner.RunAsync(["ann@example.com", "bob@example.com"]);

        result.EnsureSucceeded();
        Assert.Equal(["Send", "Send"], result.Operations.Select(o => o.Name));
        Assert.Contains("bob@example.com", NotifyWorkflow.Sent);
    }

    [Fact]
    public void A_runner_for_the_wrong_types_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new DurableTestRunner<string, string>(GeneratedOrderWorkflow.Registration));

        Assert.Contains("generated-order", error.Message, StringComparison.Ordinal);
    }

    private static DurableTestRunner<OrderRequest, OrderOutcome> Runner(IServiceProvider? services) =>
        new(GeneratedOrderWorkflow.Registration, new DurableTestRunnerOptions { FunctionOptions = new DurableFunctionOptions { Services = services } });

    private static ServiceProvider Services(StepLog log) =>
        new ServiceCollection().AddSingleton<IInventory, CountingInventory>().AddSingleton(log).BuildServiceProvider();
}

/// <summary>A host-side context, to show where the host's resolvers end up.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Uri))]
internal sealed partial class StjHostContext : System.Text.Json.Serialization.JsonSerializerContext;
