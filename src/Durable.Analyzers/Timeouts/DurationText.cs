using System.Globalization;

namespace Durable.Analyzers;

/// <summary>Durations as messages show them: <c>500 ms</c>, <c>45 s</c>, <c>15 min</c>, <c>2 h</c>, <c>400 days</c>.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        var culture = CultureInfo.InvariantCulture;
        if (duration < TimeSpan.Zero)
        {
            return "-" + Format(duration.Negate());
        }

        if (duration.Ticks % TimeSpan.TicksPerSecond != 0 || duration < TimeSpan.FromSeconds(1))
        {
            return duration.TotalMilliseconds.ToString("0.###", culture) + " ms";
        }

        if (duration.Ticks % TimeSpan.TicksPerDay == 0)
        {
            var days = (long)duration.TotalDays;
            return days.ToString(culture) + (days == 1 ? " day" : " days");
        }

        if (duration.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return ((long)duration.TotalHours).ToString(culture) + " h";
        }

        if (duration.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return ((long)duration.TotalMinutes).ToString(culture) + " min";
        }

        return ((long)duration.TotalSeconds).ToString(culture) + " s";
    }
}
