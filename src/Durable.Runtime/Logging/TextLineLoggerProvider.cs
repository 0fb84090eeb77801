using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Durable.Logging;

/// <summary>
/// Writes log entries as single text lines (<c>timestamp  LEVEL  [requestId]  message</c>), the shape of Lambda's
/// text log format. Exceptions are appended to the line so one entry stays one CloudWatch event.
/// </summary>
public sealed class TextLineLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly Action<string> _writeLine;
    private readonly LogLevel _minimumLevel;
    private readonly TimeProvider _time;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Creates a provider.</summary>
    /// <param name="writeLine">Receives each line (without the newline); must be thread-safe.</param>
    /// <param name="minimumLevel">Entries below this level are dropped.</param>
    /// <param name="time">Clock for timestamps; the system clock by default.</param>
    public TextLineLoggerProvider(Action<string> writeLine, LogLevel minimumLevel = LogLevel.Information, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(writeLine);
        _writeLine = writeLine;
        _minimumLevel = minimumLevel;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new TextLineLogger(this);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class TextLineLogger(TextLineLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner._minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // The innermost invocation scope names the request; a one-slot array carries it out of the callback.
            var requestId = new string?[1];
            owner._scopes.ForEachScope(
                static (scope, found) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> fields && fields.FirstOrDefault(f => f.Key == "awsRequestId").Value is string id)
                    {
                        found[0] = id;
                    }
                },
                requestId);
            var line = string.Join(
                '\t',
                owner._time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                requestId[0] ?? "-",
                LogLevels.Name(logLevel),
                formatter(state, exception));
            if (exception is not null)
            {
                line += $" {exception.GetType().FullName}: {exception.Message}";
            }

            owner._writeLine(line.ReplaceLineEndings("\r"));
        }
    }
}

/// <summary>Lambda's names of log levels, both ways.</summary>
internal static class LogLevels
{
    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "NONE",
    };

    /// <summary>Parses <c>AWS_LAMBDA_LOG_LEVEL</c>; unknown or absent values give <paramref name="fallback"/>.</summary>
    public static LogLevel Parse(string? name, LogLevel fallback) => name?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Information,
        "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" => LogLevel.Critical,
        _ => fallback,
    };
}
