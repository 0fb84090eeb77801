using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Durable.Conformance.Requirements;

/// <summary>
/// Python <c>re.search</c> over .NET regexes. The requirement files write Python patterns; the few syntax
/// differences that matter (<c>(?P&lt;n&gt;…)</c>, <c>(?P=n)</c>, <c>\Z</c>) are translated, everything else
/// (<c>^</c>, <c>$</c> before a final newline, <c>.</c> not matching newlines, inline <c>(?i)</c>) already agrees.
/// Compiled patterns are cached; an invalid pattern throws <see cref="ArgumentException"/>.
/// </summary>
internal static class PythonRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>Matches a whole-string <c>${/pattern/}</c> expectation (the history and callback-name form).</summary>
    public static readonly Regex PlaceholderForm = new(@"^\$\{/(.+)/\}$", RegexOptions.CultureInvariant);

    /// <summary>Python <c>re.search(pattern, text) is not None</c>.</summary>
    public static bool Search(string pattern, string text) => Get(pattern).IsMatch(text);

    /// <summary>The pattern inside <c>${/…/}</c>, or <see langword="null"/> when the value is not of that form.</summary>
    public static string? PlaceholderPattern(string value)
    {
        Match match = PlaceholderForm.Match(value);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static Regex Get(string pattern) =>
        Cache.GetOrAdd(pattern, static p => new Regex(Translate(p), RegexOptions.CultureInvariant, Timeout));

    internal static string Translate(string pattern)
    {
        var builder = new StringBuilder(pattern.Length);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[i + 1];
                // Python's \Z is the absolute end; .NET's \Z also allows a final newline, its \z does not.
                builder.Append('\\').Append(!inClass && next == 'Z' ? 'z' : next);
                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                builder.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                builder.Append(c);

                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    builder.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    builder.Append("\\]");
                    i++;
                }

                continue;
            }

            if (string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                builder.Append("(?<");
                i += 3;
                continue;
            }

            if (string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0)
            {
                int close = pattern.IndexOf(')', i);
                if (close > i)
                {
                    builder.Append(@"\k<").Append(pattern, i + 4, close - i - 4).Append('>');
                    i = close;
                    continue;
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
