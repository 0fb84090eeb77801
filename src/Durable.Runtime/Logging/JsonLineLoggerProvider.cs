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
    private readonly LineLoggerCore _core;

    /// <summary>Creates a provider.</summary>
    /// <param name="writeLine">Receives each complete line (without the newline); must be thread-safe.</param>
    /// <param name="minimumLevel">Entries below this level are dropped.</param>
    /// <param name="time">Clock for timestamps; the system clock by default.</param>
    public JsonLineLoggerProvider(Action<string> writeLine, LogLevel minimumLevel = LogLevel.Information, TimeProvider? time = null) =>
        _core = new LineLoggerCore(writeLine, minimumLevel, time, Format);

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
    public ILogger CreateLogger(string categoryName) => _core.CreateLogger(categoryName);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _core.Scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static string Format(LogLine entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", entry.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("level", LogLevels.Name(entry.Level));
            writer.WriteString("message", entry.Message);
            writer.WriteString("category", entry.Category);
            var written = new HashSet<string>(StringComparer.Ordinal) { "timestamp", "level", "message", "category" };
            entry.Scopes.ForEachScope(static (scope, context) => WriteFields(scope, context.Writer, context.Written), (Writer: writer, Written: written));
            if (entry.State is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                WriteFields(fields, writer, written);
            }

            if (entry.Exception is { } exception)
            {
                writer.WriteString("errorType", exception.GetType().FullName);
                writer.WriteString("errorMessage", exception.Message);
                writer.WriteString("stackTrace", exception.StackTrace);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
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
