using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Durable.Client;
using Durable.Client.Http;
using Durable.Hosting.Lambda;
using Durable.Logging;
using Microsoft.Extensions.Logging;

namespace Durable.Hosting;

/// <summary>
/// Runs durable workflows on AWS Lambda without any Amazon.Lambda package: as a custom runtime
/// (<c>provided.al2023</c>, the <see cref="RunAsync(string[])"/> loop over the Lambda Runtime API) or under the
/// managed .NET runtime (<see cref="HandleAsync"/>, a Stream-to-Stream handler, which the managed runtime calls
/// without a serializer or <c>ILambdaContext</c>). The generated entry points call these; users write no envelope
/// code.
/// </summary>
public static class DurableLambdaHost
{
    private static readonly ConcurrentDictionary<DurableWorkflowRegistration, Lazy<(DurableFunctionHandler Handler, IDurableExecutionClient Client)>> ManagedFunctions = new();

    /// <summary>True when the process runs as a Lambda custom runtime (<c>AWS_LAMBDA_RUNTIME_API</c> is set).</summary>
    public static bool IsRuntimeApiAvailable => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API"));

    /// <summary>
    /// The custom-runtime entry point: picks the workflow named by <c>_HANDLER</c> (or by the first argument, or the
    /// only registered one) and serves invocations until the process is asked to stop (SIGTERM).
    /// </summary>
    /// <param name="args">The process arguments; the first, if any, names the workflow when <c>_HANDLER</c> is unset.</param>
    /// <returns>The process exit code: 0 after a requested stop, 1 when the Runtime API failed for good, 2 when
    /// the process does not run under a Runtime API or no workflow matches.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var diagnostics = Console.Error;
        var name = Environment.GetEnvironmentVariable("_HANDLER") is { Length: > 0 } handler ? handler : args.FirstOrDefault();
        if (!TryResolve(name, out var workflow, out var problem))
        {
            await diagnostics.WriteLineAsync(problem).ConfigureAwait(false);
            await ReportInitErrorIfPossibleAsync(problem).ConfigureAwait(false);
            return 2;
        }

        // Not disposed: a SIGTERM may arrive while the process is already on its way out.
        var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(static source => source.Cancel(), stop, preferLocal: false);
        });
        return await RunAsync(workflow!, null, stop.Token).ConfigureAwait(false);
    }

    /// <summary>Serves invocations of <paramref name="workflow"/> through the Runtime API until cancelled.</summary>
    /// <param name="workflow">The workflow to run.</param>
    /// <param name="options">Overrides of the environment-derived settings.</param>
    /// <param name="cancellationToken">Stops the loop (between invocations, or while waiting for one).</param>
    /// <returns>The process exit code: 0 when cancelled, 1 when the Runtime API failed for good, 2 when there is no
    /// Runtime API to talk to.</returns>
    public static async Task<int> RunAsync(DurableWorkflowRegistration workflow, DurableLambdaHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        options ??= new DurableLambdaHostOptions();
        var env = options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        var diagnostics = options.Diagnostics ?? Console.Error;
        var endpoint = options.RuntimeApi ?? env("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            await diagnostics.WriteLineAsync(
                "AWS_LAMBDA_RUNTIME_API is not set: this entry point serves the Lambda Runtime API and runs only as a " +
                "Lambda custom runtime (or under the local engine's out-of-process mode).").ConfigureAwait(false);
            return 2;
        }

        LambdaRuntimeApi api;
        try
        {
            api = new LambdaRuntimeApi(endpoint, options.MaxEventBytes, options.RuntimeApiHandler);
        }
        catch (ArgumentException ex)
        {
            await diagnostics.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        using (api)
        {
            DurableFunctionHandler handler;
            IDurableExecutionClient client;
            try
            {
                handler = workflow.CreateHandler(options.FunctionOptions ?? FunctionOptionsFromEnvironment(env, Console.Out));
                client = options.Client ?? new LambdaDurableClient(new LambdaDurableClientOptions { GetEnvironmentVariable = env });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The function cannot start (no region, bad options, a workflow constructor that throws): tell Lambda
                // once, so the init failure shows in the console, then exit.
                await diagnostics.WriteLineAsync($"The function failed to initialize: {ex.GetType().FullName}: {ex.Message}").ConfigureAwait(false);
                await TryAsync(() => api.ReportInitErrorAsync(LambdaError.From(ex, "Runtime.InitError"), cancellationToken)).ConfigureAwait(false);
                return 1;
            }

            try
            {
                return await new InvocationLoop(api, handler, client, options, diagnostics).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (options.Client is null)
                {
                    (client as IDisposable)?.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// The managed-runtime handler: reads the durable envelope from <paramref name="input"/>, runs one invocation and
    /// returns the output envelope. Transient service errors are thrown so that Lambda retries the invocation.
    /// </summary>
    /// <param name="input">The invocation payload.</param>
    /// <param name="workflow">The workflow.</param>
    /// <returns>The output envelope (UTF-8 JSON).</returns>
    /// <exception cref="InvalidEnvelopeException">The payload is not a durable execution envelope.</exception>
    /// <exception cref="DurableServiceException">A transient service error: the invocation should be retried.</exception>
    public static async Task<Stream> HandleAsync(Stream input, DurableWorkflowRegistration workflow)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(workflow);

        // The managed runtime keeps the process between invocations: build the handler and client once.
        var (handler, client) = ManagedFunctions.GetOrAdd(
            workflow,
            static registration => new Lazy<(DurableFunctionHandler, IDurableExecutionClient)>(() => (
                registration.CreateHandler(FunctionOptionsFromEnvironment(Environment.GetEnvironmentVariable, Console.Out)),
                new LambdaDurableClient()))).Value;
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer).ConfigureAwait(false);
        var output = await handler.InvokeAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), client, new DurableInvocationInfo
        {
            TraceId = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"),
        }).ConfigureAwait(false);
        return new MemoryStream(output, writable: false);
    }

    /// <summary>Function options from the Lambda environment: the log format and level, logs to <paramref name="output"/>.</summary>
    internal static DurableFunctionOptions FunctionOptionsFromEnvironment(Func<string, string?> env, TextWriter output)
    {
        var level = LogLevels.Parse(env("AWS_LAMBDA_LOG_LEVEL"), LogLevel.Information);
        var gate = new object();
        void WriteLine(string line)
        {
            lock (gate)
            {
                output.WriteLine(line);
                output.Flush();
            }
        }

        ILoggerProvider provider = string.Equals(env("AWS_LAMBDA_LOG_FORMAT"), "JSON", StringComparison.OrdinalIgnoreCase)
            ? new JsonLineLoggerProvider(WriteLine, level)
            : new TextLineLoggerProvider(WriteLine, level);
        return DurableFunctionOptions.Default with { LoggerFactory = new SingleProviderLoggerFactory(provider) };
    }

    private static bool TryResolve(string? name, out DurableWorkflowRegistration? workflow, out string problem)
    {
        var all = DurableWorkflowRegistry.All;
        problem = string.Empty;
        if (!string.IsNullOrEmpty(name))
        {
            // Lambda handler strings may carry an assembly or method part; the workflow name is what counts.
            var key = name.Split("::", StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? name;
            if (DurableWorkflowRegistry.TryFind(name, out workflow) || DurableWorkflowRegistry.TryFind(key, out workflow))
            {
                return true;
            }

            problem = $"No durable workflow is named '{name}'. Registered: {(all.Count == 0 ? "none" : string.Join(", ", all.Select(w => w.Name)))}.";
            return false;
        }

        if (all.Count == 1)
        {
            workflow = all[0];
            return true;
        }

        workflow = null;
        problem = all.Count == 0
            ? "No durable workflow is registered in this program (is the Durable source generator referenced?)."
            : $"Several workflows are registered ({string.Join(", ", all.Select(w => w.Name))}); set _HANDLER to one of them.";
        return false;
    }

    private static async Task ReportInitErrorIfPossibleAsync(string problem)
    {
        if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is not { Length: > 0 } endpoint)
        {
            return;
        }

        try
        {
            using var api = new LambdaRuntimeApi(endpoint, 1024);
            await api.ReportInitErrorAsync(new LambdaError("Runtime.NoSuchHandler", problem, []), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RuntimeApiException or ArgumentException)
        {
            // Nothing more can be said: the message is already on standard error.
        }
    }

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (RuntimeApiException)
        {
            // Reporting is best effort; the caller exits anyway.
        }
    }

    /// <summary>A logger factory over one provider (the runtime depends only on the logging abstractions).</summary>
    private sealed class SingleProviderLoggerFactory(ILoggerProvider provider) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void AddProvider(ILoggerProvider provider) =>
            throw new NotSupportedException("The Lambda host logs through one provider; pass DurableLambdaHostOptions.FunctionOptions for more.");

        public void Dispose() => provider.Dispose();
    }
}
