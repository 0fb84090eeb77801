using System.Globalization;
using Durable.Protocol;
using Spectre.Console;

namespace Durable.Cli.Rendering;

/// <summary>An execution's history as a table (one row per event) or a timeline (offsets from the start, nested by context).</summary>
internal static class HistoryView
{
    public static Table Table(IReadOnlyList<Event> events)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("Time (UTC)")
            .AddColumn("Event")
            .AddColumn("Operation")
            .AddColumn("Detail");
        foreach (var e in events)
        {
            table.AddRow(
                e.EventId.ToString(CultureInfo.InvariantCulture),
                e.EventTimestamp.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                Markup.Escape(WireNames.Of(e.EventType)),
                Markup.Escape(e.Name ?? e.Id ?? string.Empty),
                Markup.Escape(EventText.Detail(e)));
        }

        return table;
    }

    public static IEnumerable<string> Timeline(IReadOnlyList<Event> events)
    {
        if (events.Count == 0)
        {
            yield break;
        }

        var start = events[0].EventTimestamp;
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Id is { } id)
            {
                parents.TryAdd(id, e.ParentId);
            }

            yield return $"{Offset(e.EventTimestamp - start),12}  {new string(' ', Depth(e.ParentId, parents) * 2)}{EventText.Marker(e)} {EventText.Subject(e)} {EventText.Verb(e)}  {EventText.Detail(e)}".TrimEnd();
        }
    }

    /// <summary>A compact offset: +0.120s, +2m03.5s, +3h02m, +7d04h.</summary>
    public static string Offset(TimeSpan offset) => offset switch
    {
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"+{offset.TotalSeconds:0.000}s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"+{offset.Minutes}m{offset.Seconds + (offset.Milliseconds / 1000.0):00.0}s"),
        { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"+{offset.Hours}h{offset.Minutes:00}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"+{(int)offset.TotalDays}d{offset.Hours:00}h"),
    };

    private static int Depth(string? parentId, Dictionary<string, string?> parents)
    {
        var depth = 0;
        while (parentId is not null && depth < 32)
        {
            depth++;
            parentId = parents.GetValueOrDefault(parentId);
        }

        return depth;
    }
}
