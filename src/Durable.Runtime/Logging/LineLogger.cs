using Microsoft.Extensions.Logging;

namespace Durable.Logging;

/// <summary>One log entry, as the line formats see it.</summary>
internal readonly record struct LogLine(DateTimeOffset Timestamp, LogLevel Level, string Category, string Message, object? State, Exception? Exception, IExternalScopeProvider Scopes);

/// <summary>
/// What the line-per-entry providers share: where lines go, the minimum level, the clock and the scopes. Each
/// provider supplies only its line format; entries below the level never reach it.
/// </summary>
internal sealed class LineLoggerCore(Action<string> writeLine, LogLevel minimumLevel, TimeProvider? time, Func<LogLine, string> format)
{
    private readonly Action<string> _writeLine = writeLine ?? throw new ArgumentNullException(nameof(writeLine));
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly LogLevel _minimumLevel = minimumLevel;
    private readonly Func<LogLine, string> _format = format ?? throw new ArgumentNullException(nameof(format));

    public IExternalScopeProvider Scopes { get; set; } = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string category) => new LineLogger(this, category);

    private sealed class LineLogger(LineLoggerCore core, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => core.Scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= core._minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            core._writeLine(core._format(new LogLine(core._time.GetUtcNow(), logLevel, category, formatter(state, exception), state, exception, core.Scopes)));
        }
    }
}
