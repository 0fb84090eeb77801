using System.Collections.Concurrent;
using System.Text.Json;
using Durable.Hosting;
using Durable.Local;
using Durable.Local.Functions;
using Durable.Logging;
using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Conformance.Driver;

/// <summary>
/// Everything one requirement run gets: a fresh engine on the virtual clock, the function options the templates
/// use (60 s function timeout, 300 s execution timeout, JSON logs), captured log lines, target functions for
/// chained invokes, and a simulated process crash for the in-process mode.
/// </summary>
internal sealed class ConformanceEnvironment : IDisposable
{
    public const string FunctionUnderTest = "function-under-test";

    private readonly ConcurrentQueue<string> _logLines = new();
    private readonly HashSet<string> _onceKeys = [];
    private readonly Dictionary<string, string> _targets = [];
    private readonly ILoggerFactory _loggerFactory;
    private TaskCompletionSource? _crash;

    public ConformanceEnvironment(int seed, string requirementId = "")
    {
        RequirementId = requirementId;
        Engine = new LocalDurableEngine(new LocalEngineOptions { RandomSeed = seed });
        _loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddProvider(new JsonLineLoggerProvider(_logLines.Enqueue, LogLevel.Information, new EngineTime(Engine))));
        FunctionOptions = new DurableFunctionOptions { SerializerOptions = Json, LoggerFactory = _loggerFactory };
    }

    /// <summary>JSON for conformance payloads: built-in metadata plus the handlers' records.</summary>
    public static JsonSerializerOptions Json { get; } = DurableJson.CreateOptions(ConformanceJsonContext.Default);

    /// <summary>The templates' function settings.</summary>
    public static LocalFunctionOptions Function { get; } = new() { FunctionTimeout = TimeSpan.FromSeconds(60), ExecutionTimeout = TimeSpan.FromSeconds(300) };

    public LocalDurableEngine Engine { get; }

    /// <summary>The requirement being run (handlers that serve several requirements branch on it).</summary>
    public string RequirementId { get; }

    public DurableFunctionOptions FunctionOptions { get; }

    /// <summary>
    /// Set by the HTTP mode before any function is registered: the functions then checkpoint through this client
    /// (the engine's HTTP front) instead of calling the engine directly.
    /// </summary>
    public Durable.Client.IDurableExecutionClient? Transport { get; set; }

    /// <summary>Writes a raw line to the function's standard output (as a plugin's <c>print</c> does).</summary>
    public void WriteStdout(string line) => _logLines.Enqueue(line);

    /// <summary>Log lines of every function, in order.</summary>
    public IReadOnlyList<string> LogLines => _logLines.ToList();

    /// <summary>Registers the function under test from a workflow.</summary>
    public void Register<TInput, TOutput>(Func<TInput, IDurableContext, Task<TOutput>> workflow) =>
        Register(DurableFunction.Create(workflow, FunctionOptions));

    /// <summary>Registers the function under test from a handler built by the requirement.</summary>
    public void Register(DurableFunctionHandler handler) =>
        Engine.RegisterFunction(FunctionUnderTest, new CrashableFunction(this, OverTransport(new InProcessDurableFunction(handler))), Function);

    /// <summary>Registers the function under test with its own options (for example replay-aware logging off).</summary>
    public void Register<TInput, TOutput>(Func<TInput, IDurableContext, Task<TOutput>> workflow, Func<DurableFunctionOptions, DurableFunctionOptions> configure) =>
        Register(DurableFunction.Create(workflow, configure(FunctionOptions)));

    /// <summary>
    /// The templates' echo target (a durable function that waits 1 s and returns its input), as the qualified ARN the
    /// handlers receive in TARGET_FUNCTION_NAME.
    /// </summary>
    public string TargetEcho(string name = "target-echo") => RegisterTarget(name, async (System.Text.Json.Nodes.JsonNode? input, IDurableContext context) =>
    {
        await context.WaitAsync(TimeSpan.FromSeconds(1));
        return input;
    });

    /// <summary>The templates' error target: a durable function that waits 1 s and raises.</summary>
    public string TargetError() => RegisterTarget("target-error", async (System.Text.Json.Nodes.JsonNode? _, IDurableContext context) =>
    {
        await context.WaitAsync(TimeSpan.FromSeconds(1));
        throw new InvalidOperationException("target failed on purpose");
    });

    /// <summary>True the first time it is asked for a key in this run (the templates keep such flags in DynamoDB).</summary>
    public bool FirstTime(string key) => _onceKeys.Add(key);

    /// <summary>
    /// Simulates the process dying (<c>os._exit(1)</c> in the Python handlers): the engine records the invocation
    /// as <c>Runtime.ExitError</c> and the calling code never continues.
    /// </summary>
    public Task CrashProcess()
    {
        (_crash ?? throw new InvalidOperationException("No invocation is running.")).TrySetResult();
        return new TaskCompletionSource().Task;
    }

    private string RegisterTarget(string name, Func<System.Text.Json.Nodes.JsonNode?, IDurableContext, Task<System.Text.Json.Nodes.JsonNode?>> workflow)
    {
        if (!_targets.TryGetValue(name, out var arn))
        {
            arn = Engine.RegisterFunction(name, OverTransport(new InProcessDurableFunction(DurableFunction.Create(workflow, FunctionOptions))), Function) + ":$LATEST";
            _targets[name] = arn;
        }

        return arn;
    }

    private ILocalFunctionInvoker OverTransport(ILocalFunctionInvoker invoker) =>
        Transport is null ? invoker : new ClientOverrideInvoker(invoker, Transport);

    public void Dispose()
    {
        Engine.Dispose();
        _loggerFactory.Dispose();
    }

    /// <summary>Runs invocations in process and turns <see cref="CrashProcess"/> into the error Lambda reports for a crash.</summary>
    private sealed class CrashableFunction(ConformanceEnvironment environment, ILocalFunctionInvoker inner) : ILocalFunctionInvoker
    {
        public bool IsDurable => true;

        public async Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken)
        {
            var crash = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            environment._crash = crash;
            var run = inner.InvokeAsync(request, cancellationToken);
            if (await Task.WhenAny(run, crash.Task) == run)
            {
                return await run;
            }

            if (environment.Transport is TrackingClient wire)
            {
                await wire.WhenIdleAsync();
            }

            return LocalInvocationResult.Failed(new ErrorObject
            {
                ErrorType = "Runtime.ExitError",
                ErrorMessage = $"RequestId: {request.RequestId} Error: Runtime exited with error: exit status 1",
            });
        }
    }

    /// <summary>Log timestamps on the engine's (virtual) clock, so lines sort with the history.</summary>
    private sealed class EngineTime(LocalDurableEngine engine) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => engine.UtcNow;
    }
}
