using System.Globalization;
using System.Text;

namespace Durable.Testing.Roslyn;

/// <summary>
/// A line diff (longest common subsequence) for failure messages: hunks with two lines of context, <c>-</c> for
/// expected-only lines and <c>+</c> for actual-only lines. Trailing whitespace on changed lines is made visible.
/// </summary>
internal static class TextDiff
{
    private const int Context = 2;

    public static string Describe(string expected, string actual)
    {
        var a = CSharpSource.NormalizeLineEndings(expected).Split('\n');
        var b = CSharpSource.NormalizeLineEndings(actual).Split('\n');
        var ops = Diff(a, b);
        var output = new StringBuilder();
        output.Append("  --- expected\n  +++ actual\n");
        var changed = ops.Select((op, i) => (op, i)).Where(x => x.op.Kind != ' ').Select(x => x.i).ToList();
        if (changed.Count == 0)
        {
            output.Append("  (the texts differ only in line endings)\n");
            return output.ToString();
        }

        var shown = new bool[ops.Count];
        foreach (var i in changed)
        {
            for (var k = Math.Max(0, i - Context); k <= Math.Min(ops.Count - 1, i + Context); k++)
            {
                shown[k] = true;
            }
        }

        var skipping = false;
        for (var i = 0; i < ops.Count; i++)
        {
            if (!shown[i])
            {
                if (!skipping)
                {
                    output.Append("  ...\n");
                    skipping = true;
                }

                continue;
            }

            skipping = false;
            var (kind, line, text) = ops[i];
            var shownText = kind == ' ' ? text : VisibleTrailingWhitespace(text);
            output.Append(kind).Append(' ')
                .Append((line + 1).ToString(CultureInfo.InvariantCulture).PadLeft(4))
                .Append(" | ").Append(shownText).Append('\n');
        }

        return output.ToString();
    }

    private static string VisibleTrailingWhitespace(string line)
    {
        var trimmed = line.TrimEnd(' ', '\t');
        return trimmed.Length == line.Length
            ? line
            : trimmed + line[trimmed.Length..].Replace(' ', '·').Replace("\t", "→", StringComparison.Ordinal);
    }

    /// <summary>Edit script: ' ' common, '-' only in <paramref name="a"/>, '+' only in <paramref name="b"/>; Line is the line index in its own text.</summary>
    private static List<(char Kind, int Line, string Text)> Diff(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal)
                    ? lcs[i + 1, j + 1] + 1
                    : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char, int, string)>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                ops.Add((' ', y, b[y]));
                x++;
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                ops.Add(('-', x, a[x]));
                x++;
            }
            else
            {
                ops.Add(('+', y, b[y]));
                y++;
            }
        }

        for (; x < a.Length; x++)
        {
            ops.Add(('-', x, a[x]));
        }

        for (; y < b.Length; y++)
        {
            ops.Add(('+', y, b[y]));
        }

        return ops;
    }
}
