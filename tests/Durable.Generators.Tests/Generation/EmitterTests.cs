using Durable.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durable.Generators.Tests.Generation;

/// <summary>The emitter on hand-built specs: what each part of a spec turns into, independent of the parser.</summary>
public class EmitterTests
{
    private static readonly AssemblySpec s_assembly = new("Shop.Functions");

    [Fact]
    public void A_workflow_without_steps_gets_no_wrappers()
    {
        var text = Emit(Workflow());

        Assert.DoesNotContain("StepWrappers", text, StringComparison.Ordinal);
        Assert.Contains("public static global::Durable.Hosting.DurableWorkflowRegistration Registration", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_steps_get_a_cached_config_and_default_ones_pass_null()
    {
        var text = Emit(Workflow() with
        {
            Steps = Items(
                Step("Plain", config: new StepConfigSpec(null, null, null, 0)),
                Step("Charge", config: new StepConfigSpec("AtMostOncePerRetry", "Critical", null, 12), configField: "s_chargeConfig"),
                Step("Custom", config: new StepConfigSpec(null, "Transient", "global::Shop.MyRetry", 0), configField: "s_customConfig")),
        });

        Assert.Contains("name: \"Plain\", config: null,", text, StringComparison.Ordinal);
        Assert.Contains("Semantics = global::Durable.StepSemantics.AtMostOncePerRetry,", text, StringComparison.Ordinal);
        Assert.Contains("RetryStrategy = global::Durable.RetryStrategy.Critical,", text, StringComparison.Ordinal);
        Assert.Contains("Timeout = global::System.TimeSpan.FromSeconds(12),", text, StringComparison.Ordinal);
        Assert.Contains("RetryStrategy = new global::Shop.MyRetry(),", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RetryStrategy.Transient", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData((int)StepReturnKind.Value, "return _context.StepAsync<int>(step => global::Shop.Flow.Go(), name: \"Go\"")]
    [InlineData((int)StepReturnKind.TaskOfT, "return _context.StepAsync<int>(step => global::Shop.Flow.Go(), name: \"Go\"")]
    [InlineData((int)StepReturnKind.ValueTaskOfT, "return _context.StepAsync<int>(step => global::Shop.Flow.Go().AsTask(), name: \"Go\"")]
    [InlineData((int)StepReturnKind.Void, "return _context.StepAsync(step => global::Shop.Flow.Go(), name: \"Go\"")]
    [InlineData((int)StepReturnKind.Task, "return _context.StepAsync(step => global::Shop.Flow.Go(), name: \"Go\"")]
    [InlineData((int)StepReturnKind.ValueTask, "return _context.StepAsync(step => global::Shop.Flow.Go().AsTask(), name: \"Go\"")]
    public void Each_return_kind_calls_the_matching_StepAsync(int returnKind, string expected)
    {
        var kind = (StepReturnKind)returnKind;
        var hasResult = kind is StepReturnKind.Value or StepReturnKind.TaskOfT or StepReturnKind.ValueTaskOfT;

        var text = Emit(Workflow() with { Steps = Items(Step("Go", kind, hasResult ? "int" : null)) });

        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains(hasResult ? "public global::System.Threading.Tasks.Task<int> GoAsync(" : "public global::System.Threading.Tasks.Task GoAsync(", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_context_and_token_parameters_come_from_the_attempt()
    {
        var text = Emit(Workflow() with
        {
            Steps = Items(
                Step("Go", parameters: Items(
                    new StepParameterSpec("order", "global::Shop.Order?", StepParameterKind.Payload),
                    new StepParameterSpec("attempt", "global::Durable.IStepContext", StepParameterKind.StepContext),
                    new StepParameterSpec("token", "global::System.Threading.CancellationToken", StepParameterKind.CancellationToken)))),
        });

        Assert.Contains("GoAsync(global::Shop.Order? order, global::System.Threading.CancellationToken cancellationToken = default)", text, StringComparison.Ordinal);
        Assert.Contains("step => global::Shop.Flow.Go(order, step, step.CancellationToken)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Instance_steps_capture_the_workflow_and_static_ones_do_not()
    {
        var instance = Emit(Workflow() with { Steps = Items(Step("Go", isStatic: false)) });
        var alone = Emit(Workflow() with { Steps = Items(Step("Go")) });

        Assert.Contains("private StepWrappers Steps => new StepWrappers(this, global::Durable.DurableContextScope.Current);", instance, StringComparison.Ordinal);
        Assert.Contains("var workflow = _workflow;", instance, StringComparison.Ordinal);
        Assert.Contains("private static StepWrappers Steps => new StepWrappers(global::Durable.DurableContextScope.Current);", alone, StringComparison.Ordinal);
        Assert.DoesNotContain("var workflow = _workflow;", alone, StringComparison.Ordinal);
        Assert.DoesNotContain("private readonly global::Shop.Flow _workflow;", alone, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_are_required_or_fall_back_to_the_parameters_default()
    {
        var text = Emit(Workflow() with
        {
            Run = new RunMethodSpec("global::Shop.Order", "global::Shop.Order", "string", "string", IsStatic: false),
            Activation = new ActivationSpec(Items(
                new ServiceParameterSpec("payments", "global::Shop.IPayments", "global::Shop.IPayments", null),
                new ServiceParameterSpec("retries", "int", "int", "3"))),
        });

        Assert.Contains(
            "new global::Shop.Flow(global::Durable.Hosting.DurableWorkflowServices.GetRequired<global::Shop.IPayments>(services, typeof(global::Shop.Flow), \"payments\"), global::Durable.Hosting.DurableWorkflowServices.GetOptional<int>(services, 3)).RunAsync(input, context)",
            text,
            StringComparison.Ordinal);
        Assert.Contains("global::Durable.Hosting.DurableFunction.Create<global::Shop.Order, string>(", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_context_is_consulted_before_the_generated_metadata()
    {
        var text = Emit(Workflow() with { JsonContext = "global::Shop.ShopJsonContext.Default" });

        Assert.Contains("PrependResolvers(options.SerializerOptions, global::Shop.ShopJsonContext.Default, JsonMetadata.Default)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeouts_become_the_registrations()
    {
        var withDefaultExecution = Emit(Workflow());
        var withExecution = Emit(Workflow() with { FunctionTimeoutSeconds = 60, ExecutionTimeoutSeconds = 7200 });

        Assert.DoesNotContain("ExecutionTimeout", withDefaultExecution, StringComparison.Ordinal);
        Assert.Contains("FunctionTimeout = global::System.TimeSpan.FromSeconds(60),", withExecution, StringComparison.Ordinal);
        Assert.Contains("ExecutionTimeout = global::System.TimeSpan.FromSeconds(7200),", withExecution, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lambda_handler_class_names_its_handler_string()
    {
        var text = Emit(Workflow());

        Assert.Contains("public sealed class FlowLambdaFunction", text, StringComparison.Ordinal);
        Assert.Contains("<c>Shop.Functions::Shop.FlowLambdaFunction::HandleAsync</c>", text, StringComparison.Ordinal);
        Assert.Contains("global::Durable.Hosting.DurableLambdaHost.HandleAsync(input, _workflow);", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Classes_hidden_from_the_assembly_get_neither_a_module_initializer_nor_a_lambda_handler()
    {
        var text = Emit(Workflow() with { IsVisibleToAssembly = false });

        Assert.DoesNotContain("ModuleInitializer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LambdaFunction", text, StringComparison.Ordinal);
        Assert.Contains("Registration", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_workflows_reopen_their_containing_types_and_prefix_the_handler_class()
    {
        var nested = Workflow() with
        {
            Type = new TypeDeclarationSpec("Shop", Items(new ContainingTypeSpec("class", "Outer"), new ContainingTypeSpec("record struct", "Inner")), "Flow", "record", false, "global::Shop.Outer.Inner.Flow"),
        };

        var text = Emit(nested);

        Assert.Contains("partial class Outer\n    {\n        partial record struct Inner\n        {\n            partial record Flow\n", text, StringComparison.Ordinal);
        Assert.Contains("public sealed class OuterInnerFlowLambdaFunction", text, StringComparison.Ordinal);
        Assert.Equal("Shop.Outer.Inner.Flow.g.cs", WorkflowGenerator.HintName(nested.Type));
    }

    [Fact]
    public void Json_metadata_dispatches_on_every_described_type()
    {
        var text = Emit(Workflow() with
        {
            JsonTypes = Items(
                new JsonTypeSpec("global::Shop.Color", "Color", JsonTypeKind.Enum),
                new JsonTypeSpec("int?", "NullableInt32", JsonTypeKind.Nullable, ElementType: "int"),
                new JsonTypeSpec("global::System.Collections.Generic.List<string>", "ListString", JsonTypeKind.Collection, ElementType: "string", Factory: "CreateListInfo", CreatorType: "global::System.Collections.Generic.List<string>"),
                new JsonTypeSpec("global::Shop.Money", "Money", JsonTypeKind.CustomConverter, Converter: "global::Shop.MoneyConverter")),
        });

        Assert.Contains("if (type == typeof(global::Shop.Color))\n", text, StringComparison.Ordinal);
        Assert.Contains("JsonMetadataServices.GetEnumConverter<global::Shop.Color>(options)", text, StringComparison.Ordinal);
        Assert.Contains("JsonMetadataServices.GetNullableConverter<int>(options)", text, StringComparison.Ordinal);
        Assert.Contains("ObjectCreator = static () => new global::System.Collections.Generic.List<string>(),", text, StringComparison.Ordinal);
        Assert.Contains("ExpandConverter(typeof(global::Shop.Money), new global::Shop.MoneyConverter(), options)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_metadata_covers_creation_and_member_options()
    {
        var money = new JsonObjectSpec(
            IsValueType: false,
            JsonCreation.Parameterized,
            Items(
                new JsonParameterSpec("amount", "decimal", 0, HasDefaultValue: true, DefaultValue: "1.5m", IsNullable: false, IsMemberInitializer: false),
                new JsonParameterSpec("Currency", "string", 1, false, null, IsNullable: false, IsMemberInitializer: true)),
            Items(
                Property("Amount", "decimal") with { Setter = JsonSetter.None },
                Property("Currency", "string") with { Setter = JsonSetter.InitOnly, IsRequired = true, JsonPropertyName = "ccy", Order = -2, GetterDisallowsNull = true },
                Property("Note", "string?") with { IgnoreCondition = "WhenWritingNull", NumberHandling = "(global::System.Text.Json.Serialization.JsonNumberHandling)1", ConverterType = "global::Shop.NoteConverter" }));

        var text = Emit(Workflow() with { JsonTypes = Items(new JsonTypeSpec("global::Shop.Money", "Money", JsonTypeKind.Object, Object: money)) });

        Assert.Contains("ObjectWithParameterizedConstructorCreator = static args => new global::Shop.Money((decimal)args[0]!) { Currency = (string)args[1]! },", text, StringComparison.Ordinal);
        Assert.Contains("ConstructorParameterMetadataInitializer = ParametersOfMoney,", text, StringComparison.Ordinal);
        Assert.Contains("DefaultValue = 1.5m,", text, StringComparison.Ordinal);
        Assert.Contains("JsonPropertyName = \"ccy\",", text, StringComparison.Ordinal);
        Assert.Contains("properties[1].Order = -2;", text, StringComparison.Ordinal);
        Assert.Contains("properties[1].IsRequired = true;", text, StringComparison.Ordinal);
        Assert.Contains("properties[1].IsGetNullable = false;", text, StringComparison.Ordinal);
        Assert.Contains("IgnoreCondition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,", text, StringComparison.Ordinal);
        Assert.Contains("Converter = (global::System.Text.Json.Serialization.JsonConverter<string?>)ExpandConverter(typeof(string), new global::Shop.NoteConverter(), options),", text, StringComparison.Ordinal);
        Assert.Contains("is init-only", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bootstrap_is_one_main_that_runs_the_host()
    {
        var text = WorkflowGenerator.EmitBootstrap();

        Assert.Contains("internal static class DurableLambdaBootstrap", text, StringComparison.Ordinal);
        Assert.Contains("public static global::System.Threading.Tasks.Task<int> Main(string[] args) => global::Durable.Hosting.DurableLambdaHost.RunAsync(args);", text, StringComparison.Ordinal);
        AssertParses(text);
    }

    private static string Emit(WorkflowSpec spec)
    {
        var text = WorkflowGenerator.EmitWorkflow(spec, s_assembly);
        AssertParses(text);
        return text;
    }

    private static void AssertParses(string text)
    {
        var errors = CSharpSyntaxTree.ParseText(text).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + text);
    }

    private static WorkflowSpec Workflow() => new(
        new TypeDeclarationSpec("Shop", EquatableArray<ContainingTypeSpec>.Empty, "Flow", "class", IsStatic: false, "global::Shop.Flow"),
        "flow",
        900,
        0,
        JsonContext: null,
        new RunMethodSpec("string", "string", null, null, IsStatic: true),
        Activation: null,
        IsVisibleToAssembly: true,
        Steps: EquatableArray<StepSpec>.Empty,
        JsonTypes: EquatableArray<JsonTypeSpec>.Empty);

    private static EquatableArray<T> Items<T>(params T[] items)
        where T : IEquatable<T> => items.ToEquatableArray();

    private static StepSpec Step(
        string name,
        StepReturnKind kind = StepReturnKind.Value,
        string? result = "int",
        StepConfigSpec? config = null,
        string? configField = null,
        bool isStatic = true,
        EquatableArray<StepParameterSpec> parameters = default) =>
        new(name, name + "Async", name, isStatic, kind, result, parameters, config ?? new StepConfigSpec(null, null, null, 0), configField, null);

    private static JsonPropertySpec Property(string name, string type) => new(
        "global::Shop.Money", "Money", type, type.TrimEnd('?'), name, IsProperty: true, IsPublic: true, IsVirtual: false, HasGetter: true,
        JsonSetter.Assign, IgnoreCondition: null, HasJsonInclude: false, IsExtensionData: false, NumberHandling: null, JsonPropertyName: null,
        Order: 0, IsRequired: false, ConverterType: null, GetterDisallowsNull: false, SetterDisallowsNull: false);
}
