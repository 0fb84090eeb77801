using System.Numerics;
using System.Globalization;

namespace Durable.Conformance.Requirements;

/// <summary>
/// Orders requirement ids the way people read them: digit runs compare as numbers, everything else ordinally,
/// so <c>1-2</c> &lt; <c>1-10</c> &lt; <c>2-1</c> &lt; <c>10-1</c>. Ties fall back to ordinal order, keeping it total.
/// </summary>
public sealed class NaturalIdComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static readonly NaturalIdComparer Instance = new();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int i = 0;
        int j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int startX = i;
                int startY = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                int byNumber = BigInteger.Parse(x.AsSpan(startX, i - startX), CultureInfo.InvariantCulture)
                    .CompareTo(BigInteger.Parse(y.AsSpan(startY, j - startY), CultureInfo.InvariantCulture));
                if (byNumber != 0)
                {
                    return byNumber;
                }

                continue;
            }

            int byChar = x[i].CompareTo(y[j]);
            if (byChar != 0)
            {
                return byChar;
            }

            i++;
            j++;
        }

        int byLength = (x.Length - i).CompareTo(y.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
    }
}
