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
/// chained invokes, and process crashes (simulated in process; real with <see cref="UseFunctionProcess"/>). In a
/// function process (<see cref="ForFunctionProcess"/>) the same handler code runs without an engine: registering
/// captures the handler, targets come from the parent, a crash ends the process.
/// </summary>
internal sealed class ConformanceEnvironment : IAsyncDisposable
{
    public const string FunctionUnderTest = "function-under-test";

    /// <summary>Environment variables that carry the parent's run to the function process.</summary>
    public const string StateFolderVariable = "DURABLE_CONFORMANCE_STATE";
    public const string TargetsVariable = "DURABLE_CONFORMANCE_TARGETS";

    private readonly ConcurrentQueue<string> _logLines = new();
    private readonly HashSet<string> _onceKeys = [];
    private readonly Dictionary<string, string> _targets = [];
    private readonly ILoggerFactory _loggerFactory;
    private readonly LocalDurableEngine? _engine;
    private readonly string? _stateFolder;
    private readonly object _stdout = new();
    private TaskCompletionSource? _crash;
    private Func<ILocalFunctionInvoker>? _functionProcess;
    private Local.Server.Processes.ProcessFunctionInvoker? _processInvoker;

    public ConformanceEnvironment(int seed, string requirementId = "")
    {
        RequirementId = requirementId;
        _engine = new LocalDurableEngine(new LocalEngineOptions { RandomSeed = seed });
        _loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddProvider(new JsonLineLoggerProvider(_logLines.Enqueue, LogLevel.Information, new EngineTime(_engine))));
        FunctionOptions = new DurableFunctionOptions { SerializerOptions = Json, LoggerFactory = _loggerFactory };
    }

    private ConformanceEnvironment(string requirementId, string stateFolder, IReadOnlyDictionary<string, string> targets)
    {
        RequirementId = requirementId;
        _stateFolder = stateFolder;
        foreach (var (name, arn) in targets)
        {
            _targets[name] = arn;
        }

        _loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddProvider(new JsonLineLoggerProvider(WriteStdout, LogLevel.Information)));
        FunctionOptions = new DurableFunctionOptions { SerializerOptions = Json, LoggerFactory = _loggerFactory };
    }

    /// <summary>The environment inside a function process started by <see cref="UseFunctionProcess"/>.</summary>
    public static ConformanceEnvironment ForFunctionProcess(string requirementId)
    {
        var state = Environment.GetEnvironmentVariable(StateFolderVariable)
            ?? throw new InvalidOperationException($"{StateFolderVariable} is not set: --serve-function runs only as a function process of the conformance runner.");
        var targets = (Environment.GetEnvironmentVariable(TargetsVariable) ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return new ConformanceEnvironment(requirementId, state, targets);
    }

    /// <summary>In a function process: the handler the requirement registered as the function under test.</summary>
    public DurableFunctionHandler? CapturedHandler { get; private set; }

    /// <summary>
    /// Runs the function under test as a separate process (this program with <c>--serve-function</c>) behind the
    /// Lambda Runtime API, checkpointing to <paramref name="durableApi"/>; its output lines become the log lines.
    /// Targets stay in process. Call before the handler registers.
    /// </summary>
    public void UseFunctionProcess(Uri durableApi, string stateFolder) =>
        _functionProcess = () => _processInvoker = new Local.Server.Processes.ProcessFunctionInvoker(
            new Local.Server.Processes.ProcessFunctionOptions
            {
                ExecutablePath = typeof(ConformanceEnvironment).Assembly.Location,
                Arguments = ["--serve-function", RequirementId],
                Environment = new Dictionary<string, string>
                {
                    [StateFolderVariable] = stateFolder,
                    [TargetsVariable] = string.Join('\n', _targets.Select(t => $"{t.Key}\t{t.Value}")),
                },
                OnLogLine = line => _logLines.Enqueue(line.Line),
                MaxConcurrency = 1,
            },
            durableApi);

    /// <summary>JSON for conformance payloads: built-in metadata plus the handlers' records.</summary>
    public static JsonSerializerOptions Json { get; } = DurableJson.CreateOptions(ConformanceJsonContext.Default);

    /// <summary>The templates' function settings.</summary>
    public static LocalFunctionOptions Function { get; } = new() { FunctionTimeout = TimeSpan.FromSeconds(60), ExecutionTimeout = TimeSpan.FromSeconds(300) };

    public LocalDurableEngine Engine => _engine ?? throw new InvalidOperationException("A function process has no engine.");

    /// <summary>The requirement being run (handlers that serve several requirements branch on it).</summary>
    public string RequirementId { get; }

    public DurableFunctionOptions FunctionOptions { get; }

    /// <summary>
    /// Set by the HTTP mode before any function is registered: the functions then checkpoint through this client
    /// (the engine's HTTP front) instead of calling the engine directly.
    /// </summary>
    public Durable.Client.IDurableExecutionClient? Transport { get; set; }

    /// <summary>Writes a raw line to the function's standard output (as a plugin's <c>print</c> does).</summary>
    public void WriteStdout(string line)
    {
        if (_engine is not null)
        {
            _logLines.Enqueue(line);
            return;
        }

        lock (_stdout)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    /// <summary>Log lines of every function, in order.</summary>
    public IReadOnlyList<string> LogLines => _logLines.ToList();

    /// <summary>Registers the function under test from a workflow.</summary>
    public void Register<TInput, TOutput>(Func<TInput, IDurableContext, Task<TOutput>> workflow) =>
        Register(DurableFunction.Create(workflow, FunctionOptions));

    /// <summary>Registers the function under test from a handler built by the requirement.</summary>
    public void Register(DurableFunctionHandler handler)
    {
        if (_engine is null)
        {
            CapturedHandler = handler;
        }
        else if (_functionProcess is { } process)
        {
            // The handler built here is not used: the function process builds the same one from the same code.
            _engine.RegisterFunction(FunctionUnderTest, process(), Function);
        }
        else
        {
            _engine.RegisterFunction(FunctionUnderTest, new CrashableFunction(this, OverTransport(new InProcessDurableFunction(handler))), Function);
        }
    }

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
    public bool FirstTime(string key)
    {
        if (_stateFolder is null)
        {
            return _onceKeys.Add(key);
        }

        // In a function process the flag must outlive the process: a file in the run's folder.
        try
        {
            using var created = new FileStream(Path.Combine(_stateFolder, "once-" + key), FileMode.CreateNew);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Simulates the process dying (<c>os._exit(1)</c> in the Python handlers): the engine records the invocation
    /// as <c>Runtime.ExitError</c> and the calling code never continues.
    /// </summary>
    public async Task CrashProcess()
    {
        if (_engine is null)
        {
            // A real crash, after the checkpoints already queued have landed (the requirements crash "after StepStarted
            // is checkpointed"; at-least-once starts are sent without waiting, and a cold process's first requests are
            // slow).
            await Task.Delay(1500);
            lock (_stdout)
            {
                Console.Out.Flush();
            }

            Environment.Exit(1);
        }

        (_crash ?? throw new InvalidOperationException("No invocation is running.")).TrySetResult();
        await new TaskCompletionSource().Task;
    }

    private string RegisterTarget(string name, Func<System.Text.Json.Nodes.JsonNode?, IDurableContext, Task<System.Text.Json.Nodes.JsonNode?>> workflow)
    {
        if (!_targets.TryGetValue(name, out var arn))
        {
            arn = _engine is null
                ? throw new InvalidOperationException($"The parent run registered no target '{name}'.")
                : _engine.RegisterFunction(name, OverTransport(new InProcessDurableFunction(DurableFunction.Create(workflow, FunctionOptions))), Function) + ":$LATEST";
            _targets[name] = arn;
        }

        return arn;
    }

    private ILocalFunctionInvoker OverTransport(ILocalFunctionInvoker invoker) =>
        Transport is null ? invoker : new ClientOverrideInvoker(invoker, Transport);

    public async ValueTask DisposeAsync()
    {
        if (_processInvoker is not null)
        {
            await _processInvoker.DisposeAsync();
        }

        _engine?.Dispose();
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
