using Durable.Hosting;
using Durable.Local;
using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Runtime.Tests;

/// <summary>The replay-aware logger writes each line once per execution, with the execution and operation scopes.</summary>
public class LoggingTests
{
    [Fact]
    public async Task Each_workflow_line_appears_once_across_replays()
    {
        var lines = await Run(replayAware: true);
        Assert.Equal(["before", "in step", "between", "after first wait", "after second wait"], lines.Select(l => l.Message));
    }

    [Fact]
    public async Task Turning_replay_awareness_off_logs_replayed_lines_again()
    {
        var lines = await Run(replayAware: false);
        Assert.Equal(3, lines.Count(l => l.Message == "before"));
        Assert.Single(lines, l => l.Message == "in step");
    }

    [Fact]
    public async Task Lines_carry_the_execution_arn_and_step_lines_the_operation_scope()
    {
        var lines = await Run(replayAware: true);
        Assert.All(lines, l => Assert.StartsWith("arn:aws:lambda:", (string)l.Scope["executionArn"]!, StringComparison.Ordinal));
        var step = lines.Single(l => l.Message == "in step");
        Assert.Equal("greet", step.Scope["operationName"]);
        Assert.Equal(1, step.Scope["attempt"]);
        Assert.Equal(64, ((string)step.Scope["operationId"]!).Length);
        Assert.False(lines.Single(l => l.Message == "before").Scope.ContainsKey("operationId"));
    }

    private static async Task<List<RecordedLine>> Run(bool replayAware)
    {
        var sink = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        using var engine = new LocalDurableEngine();
        var handler = DurableFunction.Create<string, string>(
            async (_, ctx) =>
            {
                ctx.Logger.LogInformation("before");
                await ctx.StepAsync(s => { s.Logger.LogInformation("in step"); return 1; }, "greet");
                ctx.Logger.LogInformation("between");
                await ctx.WaitAsync(TimeSpan.FromSeconds(1));
                ctx.Logger.LogInformation("after first wait");
                await ctx.WaitAsync(TimeSpan.FromSeconds(1));
                ctx.Logger.LogInformation("after second wait");
                return "done";
            },
            new DurableFunctionOptions { LoggerFactory = factory, ReplayAwareLogging = replayAware });
        engine.RegisterDurableFunction("fn", handler);
        var arn = engine.StartExecution("fn", "\"x\"");
        Assert.Equal(ExecutionStatus.Succeeded, (await engine.WaitForExecutionAsync(arn)).Status);
        return sink.Snapshot();
    }

    internal sealed record RecordedLine(string Message, Dictionary<string, object?> Scope);

    /// <summary>Captures formatted lines with their merged scope fields.</summary>
    internal sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly List<RecordedLine> _lines = [];
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        internal List<RecordedLine> Snapshot()
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }

        private sealed class Logger(RecordingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>();
                owner._scopes.ForEachScope(
                    (s, acc) =>
                    {
                        if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var pair in pairs)
                            {
                                acc[pair.Key] = pair.Value;
                            }
                        }
                    },
                    scope);
                lock (owner._lines)
                {
                    owner._lines.Add(new RecordedLine(formatter(state, exception), scope));
                }
            }
        }
    }
}
