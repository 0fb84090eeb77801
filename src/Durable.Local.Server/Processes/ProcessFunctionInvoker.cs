using Durable.Local.Functions;

namespace Durable.Local.Server.Processes;

/// <summary>
/// Runs a function's invocations in separate processes, exactly as Lambda does: each process polls its own Lambda
/// Runtime API on loopback and checkpoints to the engine through the durable-execution REST API
/// (<c>AWS_ENDPOINT_URL_LAMBDA</c>). Crashes and kills become <c>Runtime.ExitError</c>; the engine's function
/// timeout kills the process (<c>Sandbox.Timedout</c>); both are retried by the engine. Warm processes are reused.
/// </summary>
/// <remarks>Register it with <see cref="LocalDurableEngine.RegisterFunction(string, ILocalFunctionInvoker, LocalFunctionOptions?)"/>.</remarks>
public sealed class ProcessFunctionInvoker : ILocalFunctionInvoker, IAsyncDisposable
{
    private readonly ProcessFunctionOptions _options;
    private readonly Uri _durableApiEndpoint;
    private readonly SemaphoreSlim _capacity;
    private readonly Stack<Sandbox> _idle = new();
    private readonly HashSet<Sandbox> _all = [];
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Creates the invoker; processes start on the first invocation.</summary>
    /// <param name="options">The executable and its settings.</param>
    /// <param name="durableApiEndpoint">Where the processes checkpoint: the engine's REST front (its base address).</param>
    /// <exception cref="FileNotFoundException">The executable does not exist.</exception>
    public ProcessFunctionInvoker(ProcessFunctionOptions options, Uri durableApiEndpoint)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(durableApiEndpoint);
        options.Validate();
        _options = options;
        _durableApiEndpoint = durableApiEndpoint;
        _capacity = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
    }

    /// <inheritdoc />
    public bool IsDurable => _options.IsDurable;

    /// <summary>Processes started so far (cold starts), for diagnostics and tests.</summary>
    public int ProcessesStarted { get; private set; }

    /// <summary>The process IDs of the live sandboxes.</summary>
    public IReadOnlyList<int> LiveProcessIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _all.Where(s => s.IsAlive).Select(s => s.ProcessId)];
            }
        }
    }

    /// <inheritdoc />
    public async Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _capacity.WaitAsync(cancellationToken).ConfigureAwait(false);
        Sandbox? sandbox = null;
        try
        {
            sandbox = await AcquireAsync(request.FunctionName, cancellationToken).ConfigureAwait(false);
            return await sandbox.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (sandbox is not null)
            {
                await ReleaseAsync(sandbox).ConfigureAwait(false);
            }

            _capacity.Release();
        }
    }

    /// <summary>Kills every process and stops their Runtime APIs.</summary>
    /// <returns>A task that completes when all are gone.</returns>
    public async ValueTask DisposeAsync()
    {
        List<Sandbox> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _all];
            _all.Clear();
            _idle.Clear();
        }

        foreach (var sandbox in all)
        {
            await sandbox.DisposeAsync().ConfigureAwait(false);
        }

        _capacity.Dispose();
    }

    private async Task<Sandbox> AcquireAsync(string functionName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_idle.TryPop(out var warm))
            {
                if (warm.IsAlive)
                {
                    return warm;
                }

                _all.Remove(warm);
            }
        }

        var sandbox = await Sandbox.StartAsync(_options, functionName, _durableApiEndpoint, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            ProcessesStarted++;
            _all.Add(sandbox);
        }

        return sandbox;
    }

    private async Task ReleaseAsync(Sandbox sandbox)
    {
        lock (_gate)
        {
            if (!_disposed && _options.ReuseSandboxes && sandbox.IsAlive)
            {
                _idle.Push(sandbox);
                return;
            }

            _all.Remove(sandbox);
        }

        await sandbox.DisposeAsync().ConfigureAwait(false);
    }
}
