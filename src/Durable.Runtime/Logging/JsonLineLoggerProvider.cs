using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Durable.Logging;

/// <summary>
/// Writes each log entry as one JSON object per line, the shape of Lambda's JSON log format: <c>timestamp</c>,
/// <c>level</c>, <c>message</c>, the category, every scope field (so <c>executionArn</c>, <c>operationId</c> and
/// <c>attempt</c> are top-level and CloudWatch filters can find them) and the exception, if any.
/// </summary>
public sealed class JsonLineLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly Action<string> _writeLine;
    private readonly TimeProvider _time;
    private readonly LogLevel _minimumLevel;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Creates a provider.</summary>
    /// <param name="writeLine">Receives each complete line (without the newline); must be thread-safe.</param>
    /// <param name="minimumLevel">Entries below this level are dropped.</param>
    /// <param name="time">Clock for timestamps; the system clock by default.</param>
    public JsonLineLoggerProvider(Action<string> writeLine, LogLevel minimumLevel = LogLevel.Information, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(writeLine);
        _writeLine = writeLine;
        _minimumLevel = minimumLevel;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A provider writing to standard output, as Lambda captures it.</summary>
    /// <param name="minimumLevel">Entries below this level are dropped.</param>
    public static JsonLineLoggerProvider ForStandardOutput(LogLevel minimumLevel = LogLevel.Information)
    {
        var gate = new object();
        return new JsonLineLoggerProvider(
            line =>
            {
                lock (gate)
                {
                    Console.Out.WriteLine(line);
                }
            },
            minimumLevel);
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new JsonLineLogger(this, categoryName);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class JsonLineLogger(JsonLineLoggerProvider owner, string category) : ILogger
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

            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("timestamp", owner._time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("level", LogLevels.Name(logLevel));
                writer.WriteString("message", formatter(state, exception));
                writer.WriteString("category", category);
                var written = new HashSet<string>(StringComparer.Ordinal) { "timestamp", "level", "message", "category" };
                owner._scopes.ForEachScope(static (scope, context) => WriteFields(scope, context.Writer, context.Written), (Writer: writer, Written: written));
                if (state is IEnumerable<KeyValuePair<string, object?>> fields)
                {
                    WriteFields(fields, writer, written);
                }

                if (exception is not null)
                {
                    writer.WriteString("errorType", exception.GetType().FullName);
                    writer.WriteString("errorMessage", exception.Message);
                    writer.WriteString("stackTrace", exception.StackTrace);
                }

                writer.WriteEndObject();
            }

            owner._writeLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        private static void WriteFields(object? scope, Utf8JsonWriter writer, HashSet<string> written)
        {
            if (scope is not IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                return;
            }

            foreach (var (key, value) in pairs)
            {
                // "{OriginalFormat}" is the message template; later scopes never overwrite earlier fields.
                if (key.StartsWith('{') || !written.Add(key))
                {
                    continue;
                }

                switch (value)
                {
                    case null:
                        writer.WriteNull(key);
                        break;
                    case bool b:
                        writer.WriteBoolean(key, b);
                        break;
                    case int i:
                        writer.WriteNumber(key, i);
                        break;
                    case long l:
                        writer.WriteNumber(key, l);
                        break;
                    case double d:
                        writer.WriteNumber(key, d);
                        break;
                    case decimal m:
                        writer.WriteNumber(key, m);
                        break;
                    default:
                        writer.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }
        }
    }
}
